from django.urls import path

from riskmapping import views

app_name = "riskmapping"
W = "workplaces/<slug:slug>/boldmetoden/"
urlpatterns = [
    path(W, views.ballround, name="ballround"),
    path(W + "plan/", views.ballround_plan, name="ballround-plan"),
    path(W + "<int:pk>/start/", views.ballround_start, name="ballround-start"),
    path(W + "<int:pk>/bold/", views.ball_drop, name="ball-drop"),
    path("b/<str:token>/", views.token_drop, name="token-drop"),
]
