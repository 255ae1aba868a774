from django.urls import path

from iglo import views

app_name = "iglo"
W = "workplaces/<slug:slug>/iglo/"
P = W + "<int:pk>/"
urlpatterns = [
    path(W, views.overview, name="overview"),
    path(W + "new/", views.plan_add, name="plan-add"),
    path(W + "handleplaner.csv", views.workplace_export, {"kind": "csv"}, name="export-csv"),
    path(W + "handleplaner.json", views.workplace_export, {"kind": "json"}, name="export-json"),
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
    path("iglo/calendar/", views.calendar, name="calendar"),
    path("iglo/calendar/renew/", views.calendar_renew, name="calendar-renew"),
    path("iglo/calendar/revoke/", views.calendar_revoke, name="calendar-revoke"),
    path("iglo/calendar/<int:pk>/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
