from django.urls import path

from workplaces import views

app_name = "workplaces"
urlpatterns = [
    path("", views.workplace_list, name="workplace-list"),
    # Before the <slug> routes; "import" is a reserved slug (workplaces.models).
    path("import/", views.import_start, name="import-start"),
    path("import/<int:pk>/", views.import_detail, name="import-detail"),
    path("import/<int:pk>/apply/", views.import_apply, name="import-apply"),
    path("<slug:slug>/members/", views.member_list, name="member-list"),
    path("<slug:slug>/members/add/", views.member_add, name="member-add"),
    path("<slug:slug>/members/<int:pk>/", views.member_edit, name="member-edit"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
]
