"""Pages of facility tours, under /tours/ (URL names are global: ``tour_*``, ``area_*``)."""

from django.urls import path

from kam.tours import views

urlpatterns = [
    path("", views.tour_list, name="tour_list"),
    path("new/", views.tour_create, name="tour_create"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/<int:area_id>/edit/", views.area_edit, name="area_edit"),
    path("<int:tour_id>/", views.tour_detail, name="tour_detail"),
    path("<int:tour_id>/edit/", views.tour_edit, name="tour_edit"),
    path("<int:tour_id>/submit/", views.tour_submit, name="tour_submit"),
    path("<int:tour_id>/cancel/", views.tour_cancel, name="tour_cancel"),
    path("<int:tour_id>/assign/", views.tour_assign, name="tour_assign"),
    path("<int:tour_id>/brief/", views.tour_brief, name="tour_brief"),
    path("<int:tour_id>/export/", views.tour_export, name="tour_export"),
]
