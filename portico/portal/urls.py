from django.urls import path

from portico.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("password/reset/", views.ResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.ResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("activate/<str:token>/", views.activate, name="activate"),
    path("link/<str:token>/", views.magic, name="magic"),
    path("link/<str:token>/download/", views.magic_download, name="magic_download"),
    path("settings/", views.client_settings, name="settings"),
    path("settings/language/", views.change_language, name="language"),
    path("settings/password/", views.change_password, name="password"),
    path(
        "settings/notifications/<id:email_pk>/",
        views.change_notifications,
        name="notifications",
    ),
    path("preview/exit/", views.exit_preview, name="exit_preview"),
    path("<id:pk>/", views.account, name="account"),
    path("<id:pk>/documents/", views.documents, name="documents"),
    path("<id:pk>/logo/", views.firm_logo, name="logo"),
    path("<id:pk>/documents/<id:document_pk>/", views.download, name="download"),
]
