from django.urls import path

from portico.documents import views

app_name = "documents"
urlpatterns = [
    path("<id:pk>/documents/upload/", views.upload, name="upload"),
    path("<id:pk>/documents/<id:document_pk>/", views.download, name="download"),
    path("<id:pk>/documents/<id:document_pk>/share/", views.share, name="share"),
]
