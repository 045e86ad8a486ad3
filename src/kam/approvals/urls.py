"""Pages of the approval engine under /approvals/; URL names are global (approval_*, delegation_*)."""

from django.urls import path

from kam.approvals import views

urlpatterns = [
    path("", views.inbox, name="approval_inbox"),
    path("<int:approval_id>/", views.detail, name="approval_detail"),
    path("<int:approval_id>/decide/", views.decide, name="approval_decide"),
    path("delegations/", views.delegations, name="delegation_list"),
    path("delegations/<int:delegation_id>/cancel/", views.delegation_cancel, name="delegation_cancel"),
]
