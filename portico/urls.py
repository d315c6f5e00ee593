from django.contrib import admin
from django.urls import include, path

from portico.core.views import favicon, health, home

urlpatterns = [
    path("", home, name="home"),
    path("health", health, name="health"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("", include("portico.firms.urls")),
    path("clients/", include("portico.clientbook.urls")),
    path("clients/", include("portico.desk.urls")),
    path("settings/", include("portico.clients.settings_urls")),
    path("clients/", include("portico.expenses.urls")),
    path("clients/", include("portico.notifications.urls")),
    path("clients/", include("portico.documents.urls")),
    path("", include("portico.work.urls")),
    path("", include("portico.billing.urls")),
    path("", include("portico.billing.portal_urls")),
    path("", include("portico.portal.staff_urls")),
    path("portal/", include("portico.portal.urls")),
]

handler403 = "portico.core.errors.permission_denied"
handler404 = "portico.core.errors.page_not_found"
handler500 = "portico.core.errors.server_error"
