from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portico.portal"
