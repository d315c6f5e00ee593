"""Expenses' part of a member's email digest (N-2): where each subscribed client stands, with
its missing receipts, expenses ready to export and wallet balance (registered in apps.py as a
core.registry.DigestSection)."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from portico.expenses.models import ExpenseSummary


@dataclass(frozen=True)
class Section:
    """What a digest tells about one client."""

    name: str
    url: str
    missing_receipts: int
    ready_to_export: int
    wallet_balance: Decimal | None
    wallet_currency: str

    @property
    def has_news(self) -> bool:
        return bool(self.missing_receipts or self.ready_to_export)


def clients_stand(member, accounts, now) -> list[Section]:
    """One Section per account of `accounts` (the member's subscribed ones, in name order), in
    that order; an account without expenses shows zeros. One query."""
    summaries = ExpenseSummary.objects.in_bulk([account.pk for account in accounts])
    return [section_of(account, summaries.get(account.pk)) for account in accounts]


def account_section(account) -> Section:
    """Where one client stands (the reminder email of N-5 tells it too). One query."""
    return section_of(account, ExpenseSummary.objects.filter(account=account).first())


def has_news(sections) -> bool:
    """Whether some client has receipts missing or expenses to export."""
    return any(section.has_news for section in sections)


def section_of(account, summary) -> Section:
    has_wallet = bool(summary and summary.has_wallet)
    return Section(
        name=account.name,
        url=settings.SITE_URL + reverse("clients:workspace", args=[account.pk]),
        missing_receipts=summary.missing_receipts if summary else 0,
        ready_to_export=summary.ready_to_export if summary else 0,
        wallet_balance=summary.wallet_balance if has_wallet else None,
        wallet_currency=summary.wallet_currency if has_wallet else "",
    )
