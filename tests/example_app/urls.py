from django.urls import path

from tests.example_app import views

app_name = "example_app"
urlpatterns = [path("clients/<id:pk>/example-tags/", views.tags, name="tags")]
