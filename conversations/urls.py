from django.urls import include, path

from conversations import views
from stressprogram.routes import WORKPLACE

app_name = "conversations"
workplace_patterns = [
    path("key-conversations/", views.conversation_list, name="conversation-list"),
    path("key-conversations/new/", views.conversation_add, name="conversation-add"),
    path("key-conversations/lommeguide.pdf", views.guide_pdf, name="guide-pdf"),
    path("key-conversations/<int:pk>/", views.conversation, name="conversation"),
    path("key-conversations/<int:pk>/edit/", views.conversation_edit, name="conversation-edit"),
    path(
        "key-conversations/<int:pk>/delete/",
        views.conversation_delete,
        name="conversation-delete",
    ),
    path(
        "key-conversations/<int:pk>/aftaler.pdf",
        views.conversation_pdf,
        name="conversation-pdf",
    ),
    path(
        "key-conversations/<int:pk>/plans/<str:kind>/",
        views.follow_up_plan,
        name="follow-up-plan",
    ),
    path(
        "key-conversations/<int:pk>/plans/<str:kind>/edit/",
        views.follow_up_plan_edit,
        name="follow-up-plan-edit",
    ),
]

urlpatterns = [path(WORKPLACE, include(workplace_patterns))]
