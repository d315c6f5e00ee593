from django.apps import AppConfig


class FirmsConfig(AppConfig):
    name = "portico.firms"

    def ready(self):
        from axes.signals import user_locked_out

        from portico.core.registry import registry
        from portico.firms.actions import HISTORY_VERBS
        from portico.firms.signin import on_locked_out

        registry.register(*HISTORY_VERBS)
        user_locked_out.connect(on_locked_out, dispatch_uid="firms.lockout")
