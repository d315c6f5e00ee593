from django.urls import path

from portico.clientbook import views

app_name = "clientbook"
urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("import/<id:pk>/", views.import_check, name="check"),
    path("import/<id:pk>/run/", views.import_run, name="run"),
    path("import/<id:pk>/progress/", views.import_progress, name="progress"),
    path("export/", views.export, name="export"),
]
