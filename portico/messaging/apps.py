from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "portico.messaging"

    def ready(self):
        from portico.core.registry import registry
        from portico.core.schedule import Job
        from portico.messaging.tasks import RETRY_EVERY, retry_unsent_emails

        registry.register(Job("retry-unsent-emails", RETRY_EVERY, retry_unsent_emails, order=10))
