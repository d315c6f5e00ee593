from django.urls import path

from portico.notifications import views

app_name = "notifications"
urlpatterns = [
    path("<id:pk>/digest/", views.digest, name="digest"),
    path("<id:pk>/notify-accountants/", views.notify, name="notify"),
]
