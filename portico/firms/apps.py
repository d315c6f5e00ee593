from django.apps import AppConfig


class FirmsConfig(AppConfig):
    name = "portico.firms"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from portico.core.registry import registry
        from portico.firms.actions import HISTORY_VERBS
        from portico.firms.sessions import on_signed_in, on_signed_out
        from portico.firms.signin import on_locked_out, on_sign_in_failed

        registry.register(*HISTORY_VERBS)
        user_locked_out.connect(on_locked_out, dispatch_uid="firms.lockout")
        user_logged_in.connect(on_signed_in, dispatch_uid="firms.session_in")
        user_logged_out.connect(on_signed_out, dispatch_uid="firms.session_out")
        user_login_failed.connect(on_sign_in_failed, dispatch_uid="firms.sign_in_failed")
