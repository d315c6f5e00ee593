from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "portico.notifications"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.core.registry import HomeCard, registry
        from portico.core.schedule import Every, Job
        from portico.notifications import home
        from portico.notifications.digests import send_due_digests

        registry.register(
            HomeCard(
                key="my_digests",
                label=_("My digests"),
                figure=home.my_digests,
                order=50,
                icon="envelope",
            ),
            # Every 5 minutes: the job itself knows, per firm time zone, which digests are due
            # (N-3), and picks up whatever an earlier run left undone.
            Job("send-digests", Every(minutes=5), send_due_digests, order=20),
        )
