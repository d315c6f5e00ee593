from django.contrib.auth.backends import ModelBackend

from portico.firms.models import User


class EmailBackend(ModelBackend):
    """Django's backend, loading the user's member and firm with the user: one query a request."""

    def get_user(self, user_id):
        user = User.objects.select_related("member__firm").filter(pk=user_id).first()
        return user if user and self.user_can_authenticate(user) else None
