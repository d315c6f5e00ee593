"""`manage.py createfirm NAME OWNER_EMAIL`: a new firm and its owner's activation link (X-4)."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from portico.firms import actions
from portico.firms.models import Language


class Command(BaseCommand):
    help = "Create a firm and print its owner's activation link (valid 7 days, once)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the firm's name")
        parser.add_argument("owner_email", help="the first owner's email")
        parser.add_argument("--owner-name", default="", help="the owner's full name")
        parser.add_argument(
            "--language", default="es", choices=[code for code, _ in Language.choices]
        )
        parser.add_argument("--time-zone", default="Europe/Madrid")

    def handle(self, *args, name, owner_email, owner_name, language, time_zone, **options):
        if not name.strip():
            raise CommandError("The firm needs a name.")
        try:
            validate_email(owner_email)
        except ValidationError:
            raise CommandError(f"{owner_email!r} is not an email address.") from None
        if time_zone not in zoneinfo.available_timezones():
            raise CommandError(f"{time_zone!r} is not a time zone (e.g. Europe/Madrid).")
        try:
            firm, invitation = actions.create_firm(
                name=name,
                owner_email=owner_email,
                owner_name=owner_name,
                language=language,
                time_zone=time_zone,
            )
        except actions.StaffRefused as refused:
            raise CommandError(str(refused.message)) from None
        self.stdout.write(f"Created the firm {firm.name!r} (id {firm.pk}).")
        self.stdout.write(f"The owner {invitation.email} activates their access at:")
        self.stdout.write(actions.invitation_link(invitation))
