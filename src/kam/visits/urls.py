"""Pages of field work, under /visits/ (URL names are global: ``visits_*``)."""

from django.urls import path

from kam.visits import views

urlpatterns = [
    path("", views.today, name="visits_today"),
    path("sign-in/", views.sign_in, name="visits_sign_in"),
    path("duty-desk/", views.duty_desk, name="visits_duty_desk"),
    path("new/", views.visit_new, name="visits_visit_new"),
    path("<int:visit_id>/edit/", views.visit_edit, name="visits_visit_edit"),
    path("report/", views.report, name="visits_report"),
    path("calendar/", views.calendar, name="visits_calendar"),
    path("appointments/new/", views.appointment_edit, name="visits_appointment_new"),
    path("appointments/<int:appointment_id>/", views.appointment_edit, name="visits_appointment_edit"),
    path("contact-plans/new/", views.contact_plan_edit, name="visits_contact_plan_new"),
    path("contact-plans/<int:contact_plan_id>/", views.contact_plan_edit, name="visits_contact_plan_edit"),
    path("violations/", views.violations, name="visits_violations"),
    path("violations/<int:violation_id>/", views.violation, name="visits_violation"),
    path("violations/<int:violation_id>/act/", views.violation_act, name="visits_violation_act"),
]
