from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from oversight import urls as oversight_urls
from stressprogram import security_views, views
from workplaces import oidc, session_views
from workplaces.expectations import LOGGED_IN, PUBLIC, everyone, expects
from workplaces.forms import PasswordResetForm

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

# Every app is included once, at the root; its urls.py says its paths in full
# (stressprogram/routes.py). The order matters once: "workplaces/import/" and the other
# reserved slugs come before a workplace's own page.
urlpatterns = [
    path("healthz/", expects(get=PUBLIC)(views.healthz), name="healthz"),
    path("session/forlaeng/", session_views.session_keepalive, name="session-keepalive"),
    path(
        "tilgaengelighed/",
        expects(get=PUBLIC)(views.accessibility_statement),
        name="accessibility-statement",
    ),
    # First: its secret links are the most requested addresses (riskmapping/urls.py).
    path("", include("riskmapping.urls")),
    path("", include("workplaces.urls")),
    path("", include(oversight_urls.programme_patterns)),
    path("", include("oversight.urls")),
    path("", include("privacy.urls")),
    path("", include("guidelines.urls")),
    path("", include("conversations.urls")),
    path("", include("iglo.urls")),
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
