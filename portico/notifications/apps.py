from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "portico.notifications"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from portico.core.models import HistoryEvent
        from portico.core.registry import HistoryFields, HomeCard, registry
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
            # Notify accountants (N-5) keeps the form's tasks and comment: named by its labels.
            HistoryFields(
                key="notify_accountants",
                fields=_notify_fields,
                verbs=(HistoryEvent.Verb.ACCOUNTANTS_NOTIFIED,),
            ),
        )


def _notify_fields():
    from portico.notifications.forms import NotifyForm

    return NotifyForm.base_fields
