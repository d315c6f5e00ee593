from django.urls import path

from portico.firms import views

app_name = "firms"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("password/reset/", views.ResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("language/", views.set_language, name="set_language"),
]
