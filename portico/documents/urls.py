from django.urls import path

from portico.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:pk>/documents/upload/", views.upload, name="upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.download, name="download"),
    path("<int:pk>/documents/<int:document_pk>/share/", views.share, name="share"),
]
