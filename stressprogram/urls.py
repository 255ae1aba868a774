from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from stressprogram import oversight_views, views
from workplaces import oidc
from workplaces.forms import PasswordResetForm

oversight_patterns = [
    path("", oversight_views.dashboard, name="dashboard"),
    path("status.csv", oversight_views.dashboard_csv, name="dashboard-csv"),
    path("status.pdf", oversight_views.dashboard_pdf, name="dashboard-pdf"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("oversight/", include((oversight_patterns, "oversight"))),
    path("workplaces/", include("workplaces.urls")),
    path("workplaces/<slug:slug>/", views.workplace_home, name="workplace-home"),
    path("workplaces/<slug:slug>/programme.pdf", views.workplace_home_pdf, name="workplace-pdf"),
    path("workplaces/<slug:slug>/", include("guidelines.urls")),
    path("workplaces/<slug:slug>/", include("conversations.urls")),
    path("", include("iglo.urls")),
    path("", include("riskmapping.urls")),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("oidc/authenticate/", oidc.LoginView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
