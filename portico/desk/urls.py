from django.urls import path

from portico.clients import email_views, new_client_views
from portico.desk import profile_urls, views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("bulk/", views.bulk, name="bulk"),
    path("quick-open/", views.quick_open, name="quick_open"),
    path("new/", new_client_views.new_client, name="new"),
    path("<id:pk>/status/", new_client_views.account_status, name="status"),
    path("<id:pk>/status/onboarding/", new_client_views.move_onboarding, name="move_onboarding"),
    path("<id:pk>/status/archive/", new_client_views.archive, name="archive"),
    path("<id:pk>/status/delete/", new_client_views.delete, name="delete"),
    path("<id:pk>/emails/", email_views.account_emails, name="emails"),
    path("<id:pk>/emails/<id:log_pk>/retry/", email_views.retry_email, name="email_retry"),
    path("requests/<id:pk>/accept/", views.answer_request, {"answer": "accept"}, name="accept"),
    path("requests/<id:pk>/decline/", views.answer_request, {"answer": "decline"}, name="decline"),
    path("<id:pk>/workspace/", views.workspace, name="workspace"),
    *profile_urls.urlpatterns,
]
