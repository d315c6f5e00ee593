from django.contrib import admin
from django.urls import include, path

from portico.core.views import health, home

urlpatterns = [
    path("", home, name="home"),
    path("health", health, name="health"),
    path("admin/", admin.site.urls),
    path("", include("portico.firms.urls")),
    path("clients/", include("portico.clients.urls")),
]
