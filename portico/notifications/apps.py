from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "portico.notifications"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.core.registry import HomeCard, registry
        from portico.notifications import home

        registry.register(
            HomeCard(
                key="my_digests",
                label=_("My digests"),
                figure=home.my_digests,
                order=50,
                icon="envelope",
            )
        )
