from django.urls import path, re_path

from portico.work import views

app_name = "work"
urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/settings/", views.calendar_settings, name="settings"),
    path("calendar/settings/feed/", views.reset_feed, name="reset_feed"),
    path("calendar/settings/digest/", views.digest, name="digest"),
    re_path(r"^calendar/feed/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$", views.feed_view, name="feed"),
    path("clients/<id:pk>/tasks/", views.account_tasks, name="account_tasks"),
    path("clients/<id:pk>/tasks/new/", views.account_task_new, name="account_task_new"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<id:pk>/", views.task, name="task"),
    path("tasks/<id:pk>/edit/", views.edit, name="edit"),
    path("tasks/<id:pk>/copy/", views.copy, name="copy"),
    path("tasks/<id:pk>/move/", views.move, name="move"),
    path("tasks/<id:pk>/complete/", views.complete, name="complete"),
    path("tasks/<id:pk>/not-attended/", views.not_attended, name="not_attended"),
]
