from django.urls import path

from portico.firms import views

app_name = "firms"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
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
    path("profile/two-step/", views.two_factor, name="two_factor"),
    path(
        "profile/two-step/recovery-codes/",
        views.renew_recovery_codes,
        name="renew_recovery_codes",
    ),
    path("profile/two-step/disable/", views.disable_two_factor, name="disable_two_factor"),
    path("settings/security/", views.security, name="security"),
    path(
        "settings/security/members/<id:pk>/reset/",
        views.reset_two_factor,
        name="reset_two_factor",
    ),
]
