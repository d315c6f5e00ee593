from django.urls import path

from portico.notifications import views

app_name = "notifications"
urlpatterns = [
    path("<int:pk>/digest/", views.digest, name="digest"),
    path("<int:pk>/notify-accountants/", views.notify, name="notify"),
]
