from django.urls import path

from portico.clients import settings_views as views

app_name = "client_settings"
urlpatterns = [
    path("tags/", views.tags, name="tags"),
    path("tags/<int:pk>/", views.tag_change, name="tag_change"),
    path("tags/<int:pk>/merge/", views.tag_merge, name="tag_merge"),
    path("tags/<int:pk>/delete/", views.tag_delete, name="tag_delete"),
    path("fields/", views.custom_fields, name="fields"),
    path("fields/<int:pk>/", views.field_change, name="field_change"),
    path("fields/<int:pk>/move/", views.field_move, name="field_move"),
    path("fields/<int:pk>/delete/", views.field_delete, name="field_delete"),
]
