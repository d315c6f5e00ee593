"""The client profile's URLs, included by portico/desk/urls.py into the `clients` namespace."""

from django.urls import path

from portico.desk import overview
from portico.desk import profile_views as views

urlpatterns = [
    path("<id:pk>/", views.profile, name="profile"),
    path("<id:pk>/overview/", overview.overview, name="overview"),
    path("<id:pk>/info/", views.info, name="info"),
    path("<id:pk>/info/edit/", views.info_edit, name="info_edit"),
    path("<id:pk>/team/", views.team, name="team"),
    path("<id:pk>/photo/", views.photo, name="photo"),
    path("<id:pk>/photo/upload/", views.photo_upload, name="photo_upload"),
    path("<id:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("<id:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("<id:pk>/contacts/<id:link_pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<id:pk>/contacts/<id:link_pk>/link/", views.link_edit, name="link_edit"),
    path("<id:pk>/contacts/<id:link_pk>/unlink/", views.unlink, name="unlink"),
    path(
        "<id:pk>/contacts/<id:link_pk>/emails/<id:email_pk>/switches/",
        views.switches,
        name="switches",
    ),
]
