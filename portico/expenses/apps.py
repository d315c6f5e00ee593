from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "portico.expenses"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.core.registry import (
            ClientsColumn,
            ClientsFilter,
            ClientsSort,
            DigestSection,
            HomeCard,
            WorkspaceSection,
            registry,
        )
        from portico.expenses import columns, digest, home, sort_key, workspace

        registry.register(
            HomeCard(
                key="missing_receipts",
                label=_("Missing receipts"),
                figure=home.missing_receipts,
                order=10,
                icon="receipt",
            ),
            ClientsColumn(
                key="missing_receipts",
                label=_("Missing receipts"),
                values=columns.MISSING_VALUES,
                cell=columns.missing_receipts,
                shown=columns.any_expenses,
                order=10,
                header_class="text-end",
            ),
            ClientsSort(
                key="-missing",
                label=_("Most missing receipts"),
                ordering=sort_key.ORDERING,
                order=10,
            ),
            ClientsFilter(
                key="missing",
                label=_("Missing receipts"),
                choices=(("1", _("Missing receipts"), sort_key.MISSING),),
                checkbox=True,
                order=10,
            ),
            ClientsColumn(
                key="wallet_balance",
                label=_("Wallet balance"),
                values=columns.WALLET_VALUES,
                cell=columns.wallet_balance,
                shown=columns.any_wallet,
                order=20,
                header_class="text-end",
            ),
            ClientsColumn(
                key="ready_to_export",
                label=_("Expenses ready to export"),
                values=columns.READY_VALUES,
                cell=columns.ready_to_export,
                shown=columns.any_expenses,
                order=30,
                header_class="text-end",
            ),
            WorkspaceSection(
                key="expenses",
                template="expenses/_workspace.html",
                context=workspace.sections,
                order=10,
            ),
            DigestSection(
                key="expenses",
                template="expenses/digest/clients",
                collect=digest.clients_stand,
                news=digest.has_news,
                order=10,
            ),
        )
