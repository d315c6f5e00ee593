"""What billing contributes to the pages that show many features, through core.registry."""

from portico.billing.models import Verb
from portico.core.registry import HistoryVerb, registry


def register():
    """Called once by BillingConfig.ready()."""
    registry.register(*(HistoryVerb(key=verb.value, label=verb.label) for verb in Verb))
