from django.urls import path

from portico.clients import profile_urls, views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("bulk/", views.bulk, name="bulk"),
    path("quick-open/", views.quick_open, name="quick_open"),
    path("requests/<id:pk>/accept/", views.answer_request, {"answer": "accept"}, name="accept"),
    path("requests/<id:pk>/decline/", views.answer_request, {"answer": "decline"}, name="decline"),
    path("<id:pk>/workspace/", views.workspace, name="workspace"),
    *profile_urls.urlpatterns,
]
