from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientbookConfig(AppConfig):
    """Import and export of the firm's client book (X-3, C-8)."""

    name = "portico.clientbook"
    verbose_name = _("Client book import and export")

    def ready(self):
        from portico.clientbook.models import Verb
        from portico.core.registry import HistoryVerb, registry

        registry.register(*(HistoryVerb(key=verb.value, label=verb.label) for verb in Verb))
