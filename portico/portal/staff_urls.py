"""The firm's portal-access pages, in the `access` namespace."""

from django.urls import path

from portico.portal import staff_views as views

EMAIL = "clients/<int:pk>/contacts/<int:link_pk>/emails/<int:email_pk>"

app_name = "access"
urlpatterns = [
    path("clients/pending/", views.pending_action, name="pending_action"),
    path("clients/invitations/<int:pk>/", views.batch, name="batch"),
    path(f"{EMAIL}/invite/", views.invite, name="invite"),
    path(f"{EMAIL}/notifications/", views.notifications, name="notifications"),
    path(f"{EMAIL}/signing/", views.signing, name="signing"),
    path("clients/<int:pk>/test-client/open/", views.open_test_client, name="open_test_client"),
    path("settings/portal/", views.portal_settings, name="settings"),
    path("settings/portal/test-client/", views.test_client, name="test_client"),
    path("settings/portal/links/<int:pk>/revoke/", views.revoke_link, name="revoke_link"),
]
