from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The top floor: the pages that compose many features (the Clients page, the client profile,
    the client workspace, quick open, the onboarding Home card, the demo command). The only app
    that may import feature apps side by side; nothing imports it."""

    name = "portico.desk"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.core.registry import HomeCard, registry
        from portico.desk import home

        registry.register(
            HomeCard(
                key="onboarding",
                label=_("Onboarding"),
                figure=home.onboarding,
                order=40,
                icon="hourglass-split",
            ),
        )
