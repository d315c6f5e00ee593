"""The firm's portal-access pages, in the `access` namespace."""

from django.urls import path

from portico.portal import staff_views as views

EMAIL = "clients/<id:pk>/contacts/<id:link_pk>/emails/<id:email_pk>"

app_name = "access"
urlpatterns = [
    path("clients/pending/", views.pending_action, name="pending_action"),
    path("clients/invitations/<id:pk>/", views.batch, name="batch"),
    path(f"{EMAIL}/invite/", views.invite, name="invite"),
    path(f"{EMAIL}/notifications/", views.notifications, name="notifications"),
    path(f"{EMAIL}/signing/", views.signing, name="signing"),
    path("clients/<id:pk>/test-client/open/", views.open_test_client, name="open_test_client"),
    path("settings/portal/", views.portal_settings, name="settings"),
    path("settings/portal/test-client/", views.test_client, name="test_client"),
    path("settings/portal/links/<id:pk>/revoke/", views.revoke_link, name="revoke_link"),
]
