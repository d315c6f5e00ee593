"""The client profile's URLs, included by portico/clients/urls.py into the `clients` namespace."""

from django.urls import path

from portico.clients import profile_views as views

urlpatterns = [
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/info/", views.info, name="info"),
    path("<int:pk>/info/edit/", views.info_edit, name="info_edit"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("<int:pk>/photo/upload/", views.photo_upload, name="photo_upload"),
    path("<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("<int:pk>/contacts/<int:link_pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/contacts/<int:link_pk>/link/", views.link_edit, name="link_edit"),
    path("<int:pk>/contacts/<int:link_pk>/unlink/", views.unlink, name="unlink"),
    path(
        "<int:pk>/contacts/<int:link_pk>/emails/<int:email_pk>/switches/",
        views.switches,
        name="switches",
    ),
]
