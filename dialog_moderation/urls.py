from django.urls import path

from dialog_moderation import views

app_name = "dialog_moderation"

urlpatterns = [
    path("skicka/", views.comment_post, name="post"),
    path("bekrafta/<str:token>/", views.comment_confirm, name="confirm"),
    path("avsluta/<str:token>/", views.followup_mute, name="mute"),
]
