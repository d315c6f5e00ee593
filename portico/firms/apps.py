from django.apps import AppConfig


class FirmsConfig(AppConfig):
    name = "portico.firms"
