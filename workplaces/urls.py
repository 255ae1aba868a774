from django.urls import include, path

from workplaces import people_views, views

app_name = "workplaces"
patterns = [
    path("", views.workplace_list, name="workplace-list"),
    # Before the <slug> routes; "import", "requests" and "people" are reserved slugs
    # (workplaces.models).
    path("import/", views.import_start, name="import-start"),
    path("import/<int:pk>/", views.import_detail, name="import-detail"),
    path("import/<int:pk>/apply/", views.import_apply, name="import-apply"),
    path("requests/", views.help_queue, name="help-queue"),
    path("paamindelser/<str:token>/", views.reminder_unsubscribe, name="reminder-unsubscribe"),
    path("requests/<int:pk>/", views.help_update, name="help-update"),
    path("people/", people_views.people, name="people"),
    path("people/<int:pk>/", people_views.person, name="person"),
    path("<slug:slug>/settings/", people_views.workplace_settings, name="workplace-settings"),
    path("<slug:slug>/help/", views.help_list, name="help-list"),
    path("<slug:slug>/members/", views.member_list, name="member-list"),
    path("<slug:slug>/members/add/", views.member_add, name="member-add"),
    path("<slug:slug>/members/<int:pk>/", views.member_edit, name="member-edit"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
]

urlpatterns = [path("workplaces/", include(patterns))]
