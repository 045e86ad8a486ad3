"""Pages of monthly plans and scorecards, under /plans/."""

from django.urls import path

from kam.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.my_plan, name="my_plan"),
    path("board/", views.board, name="board"),
    path("<int:plan_id>/decide/", views.plan_decide, name="decide"),
    path("targets/", views.targets, name="targets"),
    path("templates/", views.templates, name="templates"),
    path("templates/new/", views.template_edit, name="template_edit"),
    path("templates/assign/", views.template_assign, name="template_assign"),
    path("scorecards/", views.scorecards, name="scorecards"),
    path("scorecards/export.xlsx", views.month_export, name="month_export"),
    path("scorecards/print/", views.month_print, name="month_print"),
    path("scorecards/lock/", views.month_lock, name="month_lock"),
    path("scorecards/<int:scorecard_id>/", views.scorecard_detail, name="scorecard"),
    path("scorecards/<int:scorecard_id>/export.xlsx", views.scorecard_export, name="scorecard_export"),
    path("scorecards/<int:scorecard_id>/manual/", views.scorecard_manual, name="manual"),
    path("scorecards/<int:scorecard_id>/adjust/", views.scorecard_adjust, name="adjust"),
    path("scorecards/<int:scorecard_id>/lock/", views.scorecard_lock, name="lock"),
]
