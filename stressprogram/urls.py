from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from stressprogram import oversight_views, privacy_views, security_views, views
from workplaces import oidc
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
