from django.urls import path

from portico.clients import settings_views as views

app_name = "client_settings"
urlpatterns = [
    path("tags/", views.tags, name="tags"),
    path("tags/<id:pk>/", views.tag_change, name="tag_change"),
    path("tags/<id:pk>/merge/", views.tag_merge, name="tag_merge"),
    path("tags/<id:pk>/delete/", views.tag_delete, name="tag_delete"),
    path("fields/", views.custom_fields, name="fields"),
    path("fields/<id:pk>/", views.field_change, name="field_change"),
    path("fields/<id:pk>/move/", views.field_move, name="field_move"),
    path("fields/<id:pk>/delete/", views.field_delete, name="field_delete"),
]
