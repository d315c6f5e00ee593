from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "portico.billing"
    verbose_name = _("Billing")

    def ready(self):
        from portico.billing import contributions

        contributions.register()
