from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from stressprogram import oversight_views, privacy_views, security_views, views
from workplaces import oidc
from workplaces.expectations import LOGGED_IN, PUBLIC, everyone, expects
from workplaces.forms import PasswordResetForm

oversight_patterns = [
    path("", oversight_views.dashboard, name="dashboard"),
    path("status.csv", oversight_views.dashboard_csv, name="dashboard-csv"),
    path("status.pdf", oversight_views.dashboard_pdf, name="dashboard-pdf"),
    path("udvikling/", oversight_views.trends, name="trends"),
]

privacy_patterns = [
    path("mine-data/", privacy_views.my_data, name="my-data"),
    path("mine-data/mine-data.json", privacy_views.my_data_json, name="my-data-json"),
    path("mine-data/mine-data.pdf", privacy_views.my_data_pdf, name="my-data-pdf"),
    # HR removes a person who has left (linked from the person's page in the admin).
    path("people/<int:pk>/remove/", privacy_views.person_anonymise, name="person-anonymise"),
]

# Django's sign-in views one by one (as django.contrib.auth.urls lists them), so each
# carries what every persona gets from it; a form posted empty comes back with errors.
auth_patterns = [
    path("login/", expects(get=PUBLIC, post=PUBLIC)(auth_views.LoginView.as_view()), name="login"),
    path("logout/", expects(post=everyone(302))(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password_change/",
        expects(get=LOGGED_IN, post=LOGGED_IN)(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password_change/done/",
        expects(get=LOGGED_IN)(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        expects(get=PUBLIC, post=PUBLIC)(
            security_views.limit_password_resets(
                auth_views.PasswordResetView.as_view(form_class=PasswordResetForm)
            )
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        expects(get=PUBLIC)(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    # A wrong link shows "invalid link" whatever the method, so the method is checked first.
    path(
        "reset/<uidb64>/<token>/",
        expects(get=PUBLIC, post=PUBLIC)(
            require_http_methods(["GET", "POST"])(auth_views.PasswordResetConfirmView.as_view())
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        expects(get=PUBLIC)(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("session/forlaeng/", security_views.session_keepalive, name="session-keepalive"),
    path(
        "tilgaengelighed/", security_views.accessibility_statement, name="accessibility-statement"
    ),
    path("oversight/", include((oversight_patterns, "oversight"))),
    path("", include((privacy_patterns, "privacy"))),
    path("workplaces/", include("workplaces.urls")),
    path("workplaces/<slug:slug>/", views.workplace_home, name="workplace-home"),
    path("workplaces/<slug:slug>/programme.pdf", views.workplace_home_pdf, name="workplace-pdf"),
    path("workplaces/<slug:slug>/", include("guidelines.urls")),
    path("workplaces/<slug:slug>/", include("conversations.urls")),
    path("", include("iglo.urls")),
    path("", include("riskmapping.urls")),
    path("accounts/", include(auth_patterns)),
    # Sign-in through the identity provider: off unless configured (see test_oidc.py).
    path(
        "oidc/authenticate/",
        expects(get=everyone(404))(oidc.LoginView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "oidc/callback/",
        expects(get=everyone(404))(oidc.CallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    # Django's view also answers GET with a redirect; only the language form's POST is meant.
    path(
        "i18n/setlang/",
        expects(post=everyone(302))(require_POST(set_language)),
        name="set_language",
    ),
    path("admin/", admin.site.urls),
]

handler400 = "stressprogram.error_views.bad_request"
handler403 = "stressprogram.error_views.permission_denied"
handler404 = "stressprogram.error_views.page_not_found"
handler500 = "stressprogram.error_views.server_error"
