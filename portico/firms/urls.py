from django.urls import path

from portico.firms import settings_views, views

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
    path("settings/", settings_views.firm_settings, name="firm_settings"),
    path("settings/logo/", settings_views.firm_logo, name="firm_logo"),
    path("settings/team/", settings_views.team, name="team"),
    path("settings/team/invite/", settings_views.invite, name="invite_staff"),
    path("settings/team/<id:pk>/", settings_views.change_member, name="change_member"),
    path(
        "settings/team/<id:pk>/deactivate/",
        settings_views.deactivate_member,
        name="deactivate_member",
    ),
    path(
        "settings/team/<id:pk>/reactivate/",
        settings_views.reactivate_member,
        name="reactivate_member",
    ),
    path(
        "settings/team/invitations/<id:pk>/cancel/",
        settings_views.cancel_invitation,
        name="cancel_staff_invitation",
    ),
    path("settings/activity/", settings_views.activity, name="activity"),
    path("settings/emails/", settings_views.email_log, name="email_log"),
    path("settings/emails/<id:pk>/retry/", settings_views.retry_email, name="retry_email"),
    path("join/<str:token>/", settings_views.join, name="join"),
    path("profile/", settings_views.profile, name="profile"),
    path("profile/password/", settings_views.change_password, name="change_password"),
    path(
        "profile/sign-out-everywhere/",
        settings_views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
]
