from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "portico.clients"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.clients import home
        from portico.core.registry import HomeCard, registry

        registry.register(
            HomeCard(
                key="onboarding",
                label=_("Onboarding"),
                figure=home.onboarding,
                order=40,
                icon="hourglass-split",
            )
        )
