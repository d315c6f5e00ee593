from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "portico.expenses"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.core.registry import DigestSection, HomeCard, registry
        from portico.expenses import digest, home

        registry.register(
            HomeCard(
                key="missing_receipts",
                label=_("Missing receipts"),
                figure=home.missing_receipts,
                order=10,
                icon="receipt",
            ),
            DigestSection(
                key="expenses",
                template="expenses/digest/clients",
                collect=digest.clients_stand,
                news=digest.has_news,
                order=10,
            ),
        )
