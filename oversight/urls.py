from django.urls import include, path

from oversight import views
from stressprogram.routes import WORKPLACE

app_name = "oversight"
dashboard_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("status.csv", views.dashboard_csv, name="dashboard-csv"),
    path("status.pdf", views.dashboard_pdf, name="dashboard-pdf"),
    path("udvikling/", views.trends, name="trends"),
]
urlpatterns = [path("oversight/", include(dashboard_patterns))]

# The start page and a workplace's programme page keep the site's own names ("home",
# "workplace-home"), which every page links to: included apart, without the namespace.
programme_patterns = [
    path("", views.home, name="home"),
    path(WORKPLACE, views.workplace_home, name="workplace-home"),
    path(WORKPLACE + "programme.pdf", views.workplace_home_pdf, name="workplace-pdf"),
]
