"""Pages of the service desk, under /service/ (URL names are global: ``service_*``)."""

from django.urls import path

from kam.service import review_views, views

urlpatterns = [
    path("", views.service_queue, name="service_queue"),
    path("inbox/", views.service_inbox, name="service_inbox"),
    path("breaches/", views.service_breaches, name="service_breaches"),
    path("compliance/", views.service_compliance, name="service_compliance"),
    path("quality/", review_views.call_quality, name="service_call_quality"),
    path("new/", views.service_request_new, name="service_request_new"),
    path("new/accounts/", views.service_account_picker, name="service_account_picker"),
    path("<int:service_request_id>/", views.service_request_detail, name="service_request"),
    path("<int:service_request_id>/events/", views.service_event, name="service_event"),
    path("<int:service_request_id>/repeat/", views.service_repeat, name="service_repeat"),
    path("<int:service_request_id>/review/", review_views.call_review, name="service_call_review"),
]
