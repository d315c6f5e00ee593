from portico.core.models import HistoryEvent


def record(*, actor, firm, verb, account=None, subject="", before=None, after=None):
    """Write one History event (X-1). Called by actions, inside their transaction."""
    return HistoryEvent.objects.create(
        firm=firm,
        account=account,
        actor=actor,
        verb=verb,
        subject=str(subject)[:200],
        before=before or {},
        after=after or {},
    )
