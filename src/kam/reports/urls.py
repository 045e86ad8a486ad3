"""Pages of reports and dashboards, under /reports/ (namespace ``reports``)."""

from django.urls import path

from kam.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("monthly/", views.report, name="report"),
    path("monthly/print/", views.report_print, name="report_print"),
    path("monthly/export.xlsx", views.report_export, name="report_export"),
    path("monthly/keep/", views.report_keep, name="report_keep"),
    path("kept/", views.report_list, name="report_list"),
    path("kept/<int:kept_report_id>/", views.report_kept, name="report_kept"),
    path("kept/<int:kept_report_id>/export.xlsx", views.report_kept_export, name="report_kept_export"),
    path("forms/", views.forms_index, name="forms"),
    path("forms/daily-reports/", views.daily_reports, name="daily_reports"),
    path("forms/daily-reports/<int:report_id>/", views.daily_report_print, name="daily_report_print"),
    path(
        "forms/daily-reports/<int:report_id>/export.xlsx",
        views.daily_report_export,
        name="daily_report_export",
    ),
    path("forms/<slug:form>/print/", views.form_print, name="form_print"),
    path("forms/<slug:form>/export.xlsx", views.form_export, name="form_export"),
]
