from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portico.core"

    def ready(self):
        from django.urls import register_converter

        from portico.core import checks  # noqa: F401  (registers the system checks)
        from portico.core.ids import IdConverter

        register_converter(IdConverter, "id")  # `<id:pk>`: every id in a URL (core/ids.py)

        from portico.core.jobs import JOBS
        from portico.core.registry import registry

        registry.register(*JOBS)
