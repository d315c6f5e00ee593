from django.apps import AppConfig


class FirmsConfig(AppConfig):
    name = "portico.firms"

    def ready(self):
        from axes.signals import user_locked_out

        from portico.firms.signin import on_locked_out

        user_locked_out.connect(on_locked_out, dispatch_uid="firms.lockout")
