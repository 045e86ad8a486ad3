"""Pages of relationship management, under /relations/ (namespace ``relations``)."""

from django.urls import path

from kam.relations import views
from kam.relations import views_department as department

app_name = "relations"
urlpatterns = [
    path("", views.home, name="home"),
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/new/<int:account_id>/", views.assessment_new, name="assessment_new"),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:assessment_id>/confirm/", views.assessment_confirm, name="assessment_confirm"),
    path("assessments/<int:assessment_id>/print/", views.assessment_print, name="assessment_print"),
    path("assessments/<int:assessment_id>/export/", views.assessment_export, name="assessment_export"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/new/", views.template_edit, name="template_new"),
    path("templates/<int:assessment_template_id>/edit/", views.template_edit, name="template_edit"),
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/<int:account_id>/", views.need_new, name="need_new"),
    path("needs/<int:need_id>/", views.need_edit, name="need_edit"),
    path("needs/print/", views.needs_print, name="needs_print"),
    path("needs/export/", views.needs_export, name="needs_export"),
    path("demand/", views.demand_list, name="demand_list"),
    path("demand/new/<int:account_id>/", views.demand_new, name="demand_new"),
    path("demand/print/", views.demand_print, name="demand_print"),
    path("demand/export/", views.demand_export, name="demand_export"),
    path("market/", views.note_list, name="note_list"),
    path("market/<int:market_note_id>/decide/", views.note_decide, name="note_decide"),
    path("directives/", department.directive_list, name="directive_list"),
    path("directives/new/", department.directive_new, name="directive_new"),
    path("directives/<int:directive_id>/", department.directive_detail, name="directive_detail"),
    path("directives/<int:directive_id>/act/", department.directive_act, name="directive_act"),
    path("meetings/", department.meeting_list, name="meeting_list"),
    path("meetings/new/", department.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", department.meeting_detail, name="meeting_detail"),
    path("actions/<int:meeting_action_id>/done/", department.action_done, name="action_done"),
    path("procedures/", department.procedure_list, name="procedure_list"),
    path("procedures/new/", department.procedure_new, name="procedure_new"),
    path("procedures/<int:procedure_id>/", department.procedure_detail, name="procedure_detail"),
    path("procedures/<int:procedure_id>/publish/", department.procedure_publish, name="procedure_publish"),
    path(
        "versions/<int:procedure_version_id>/acknowledge/",
        department.procedure_acknowledge,
        name="procedure_acknowledge",
    ),
]
