from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "portico.clients"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.clients import queries
        from portico.clients.actions import SETTINGS_VERBS
        from portico.core.registry import OverviewCard, ProfileAction, ProfileTab, registry
        from portico.core.rights import Right

        registry.register(*SETTINGS_VERBS)
        registry.register(
            ProfileTab(key="emails", label=_("Emails"), url_name="clients:emails", order=80),
            OverviewCard(
                key="emails",
                label=_("Emails"),
                template="clients/profile/_emails_card.html",
                latest=queries.latest_account_emails,
                view_all="clients:emails",
                order=30,
            ),
            ProfileAction(
                key="account_status",
                label=_("Onboarding, archive or delete"),
                url_name="clients:status",
                order=90,
                right=Right.MANAGE_ACCOUNTS,
                icon="archive",
            ),
        )
