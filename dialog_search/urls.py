from django.urls import path

from dialog_search import views

app_name = "dialog_search"
urlpatterns = [path("", views.search_page, name="page")]
