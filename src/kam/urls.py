"""URL configuration: pages, the admin, the API under /api/v1/ and the health check."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from kam.api import api
from kam.core import views as core_views
from kam.notify import views as notify_views
from kam.org import views as org_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("kam/favicon.svg"))),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("me/", org_views.profile, name="profile"),
    path("me/tokens/", org_views.token_create, name="token_create"),
    path("me/tokens/<int:token_id>/revoke/", org_views.token_revoke, name="token_revoke"),
    path("people/<int:user_id>/", org_views.profile, name="person"),
    path("org/", org_views.directory, name="directory"),
    path("notifications/", notify_views.notification_list, name="notifications"),
    path("notifications/<int:notification_id>/read/", notify_views.mark_read, name="notification_read"),
    path("notifications/read-all/", notify_views.mark_all_read, name="notifications_read_all"),
    path("accounts/", include("kam.accounts.urls")),
    path("approvals/", include("kam.approvals.urls")),
    path("tours/", include("kam.tours.urls")),
    path("visits/", include("kam.visits.urls")),
    path("service/", include("kam.service.urls")),
    path("playbook/", include("kam.playbook.urls")),
    path("plans/", include("kam.plans.urls")),
    path("relations/", include("kam.relations.urls")),
    path("hospitality/", include("kam.hospitality.urls")),
    path("reports/", include("kam.reports.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

admin.site.site_header = admin.site.site_title = "kam"
