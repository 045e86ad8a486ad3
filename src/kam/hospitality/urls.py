"""Pages of hospitality and banquets, under /hospitality/ (namespace ``hospitality``)."""

from django.urls import path

from kam.hospitality.views import events, requests

app_name = "hospitality"
urlpatterns = [
    path("", requests.request_list, name="request_list"),
    path("new/", requests.request_create, name="request_create"),
    path("export/", requests.request_export, name="request_export"),
    path("<int:request_id>/", requests.request_detail, name="request_detail"),
    path("<int:request_id>/edit/", requests.request_edit, name="request_edit"),
    path("<int:request_id>/submit/", requests.request_submit, name="request_submit"),
    path("<int:request_id>/cancel/", requests.request_cancel, name="request_cancel"),
    path("<int:request_id>/spending/", requests.request_spending, name="request_spending"),
    path("<int:request_id>/receipts/", requests.receipt_upload, name="receipt_upload"),
    path("<int:request_id>/receipts/<int:receipt_id>/", requests.receipt_download, name="receipt_download"),
    path("<int:request_id>/settle/", requests.request_settle, name="request_settle"),
    path("<int:request_id>/print/", requests.request_print, name="request_print"),
    path("banquets/", events.banquet_list, name="banquet_list"),
    path("banquets/new/", events.banquet_create, name="banquet_create"),
    path("banquets/<int:banquet_id>/", events.banquet_detail, name="banquet_detail"),
    path("banquets/<int:banquet_id>/edit/", events.banquet_edit, name="banquet_edit"),
    path("banquets/<int:banquet_id>/guests/", events.banquet_guests, name="banquet_guests"),
    path("banquets/<int:banquet_id>/seat/", events.banquet_seat, name="banquet_seat"),
    path("banquets/<int:banquet_id>/chart.svg", events.banquet_chart, name="banquet_chart"),
    path("banquets/<int:banquet_id>/cards/", events.banquet_cards, name="banquet_cards"),
    path("receptions/", events.reception_list, name="reception_list"),
    path("receptions/new/", events.reception_create, name="reception_create"),
    path("receptions/<int:reception_id>/", events.reception_detail, name="reception_detail"),
    path("receptions/<int:reception_id>/steps/<int:step_id>/", events.reception_task, name="reception_task"),
]
