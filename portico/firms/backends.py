from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.firms.models import User


class EmailBackend(ModelBackend):
    """Django's backend, loading the user's member and firm with the user, and the pk of their
    second-factor device (`twofactor.enrolled_device_id`): one query a request."""

    def get_user(self, user_id):
        device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).values("pk")[:1]
        user = (
            User.objects.select_related("member__firm")
            .annotate(totp_id=Subquery(device))
            .filter(pk=user_id)
            .first()
        )
        return user if user and self.user_can_authenticate(user) else None
