from django.urls import include, path

from iglo import views
from stressprogram.routes import WORKPLACE

app_name = "iglo"
P = "<int:pk>/"
plan_patterns = [
    path("", views.overview, name="overview"),
    path("new/", views.plan_add, name="plan-add"),
    path("handleplaner.csv", views.workplace_export, {"kind": "csv"}, name="export-csv"),
    path("handleplaner.json", views.workplace_export, {"kind": "json"}, name="export-json"),
    path(P, views.plan, name="plan"),
    path(P + "live/", views.plan_live, name="plan-live"),
    path(P + "edit/", views.plan_edit, name="plan-edit"),
    path(P + "status/", views.plan_status, name="plan-status"),
    path(P + "approve/", views.plan_approve, name="plan-approve"),
    path(P + "actions/new/", views.action_add, name="action-add"),
    path(P + "actions/<int:action_pk>/", views.action_edit, name="action-edit"),
    path(P + "actions/<int:action_pk>/watch/", views.action_watch, name="action-watch"),
    path(P + "actions/<int:action_pk>/delete/", views.action_delete, name="action-delete"),
    path(P + "iglo-handleplan.pdf", views.plan_pdf, name="plan-pdf"),
    path(P + "iglo-handleplan.csv", views.plan_export, {"kind": "csv"}, name="plan-csv"),
    path(P + "iglo-handleplan.json", views.plan_export, {"kind": "json"}, name="plan-json"),
]
# One's own calendar of IGLO actions, across workplaces.
calendar_patterns = [
    path("", views.calendar, name="calendar"),
    path("renew/", views.calendar_renew, name="calendar-renew"),
    path("revoke/", views.calendar_revoke, name="calendar-revoke"),
    path("<int:pk>/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]

urlpatterns = [
    path(WORKPLACE + "iglo/", include(plan_patterns)),
    path("iglo/calendar/", include(calendar_patterns)),
]
