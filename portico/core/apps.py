from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portico.core"

    def ready(self):
        from portico.core import checks  # noqa: F401  (registers the system checks)
