from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "portico.clients"

    def ready(self):
        from portico.clients.actions import SETTINGS_VERBS
        from portico.core.registry import registry

        registry.register(*SETTINGS_VERBS)
