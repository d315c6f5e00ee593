import functools
import zoneinfo

from babel import Locale
from babel.core import get_global
from babel.numbers import get_currency_name, list_currencies
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portico.core import images, languages, taxids, text
from portico.core.forms import DateField
from portico.core.tenancy import member_of
from portico.firms import signin
from portico.firms.models import Role
from portico.messaging import emails


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        # One message for an unknown email and a wrong password: it must not tell which.
        "invalid": _("The email or the password is not right. Check both and try again."),
    }

    portal = False  # whose words the lockout message uses

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email, password = self.cleaned_data.get("email"), self.cleaned_data.get("password")
        if email and password:
            user = authenticate(self.request, email=email, password=password)
            if user is None and getattr(self.request, "axes_locked_out", False):
                until = signin.locked_until(self.request, email) or timezone.now()
                message = signin.locked_message(self.request, until, portal=self.portal)
                raise forms.ValidationError(message, code="locked")
            self.user = self.accept(user)
        return self.cleaned_data

    def accept(self, user):
        """The user this sign-in lets in (a member), or a ValidationError."""
        if user is None or member_of(user) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return user

    def get_user(self):
        return self.user


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through emails.send() in the member's language."""

    def get_users(self, email):
        return [user for user in super().get_users(email) if member_of(user)]

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        member = context["user"].member
        emails.send(
            to=to_email,
            template="password_reset",
            language=member.language or member.firm.language,
            context={k: context[k] for k in ("protocol", "domain", "uid", "token", "user")},
            firm=member.firm,
        )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=languages.choices)
    next = forms.CharField(required=False)


class CodeForm(forms.Form):
    """The second step of sign-in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )


class SetupForm(forms.Form):
    code = forms.CharField(
        label=_("The code your app shows"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class DisableForm(forms.Form):
    secret = forms.CharField(
        label=_("Your password, or a code from your app"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RequireTwoFactorForm(forms.Form):
    require_two_factor = forms.BooleanField(
        label=_("Require two-step verification for all staff"),
        required=False,
        help_text=_(
            "Members who have not set it up, you included, are asked to right after their "
            "password, and can do nothing else until they have."
        ),
    )


# --- Settings (F-6), staff (F-2), My profile ---------------------------------------------------


def time_zone_choices(current: str = ""):
    """[(IANA id, name in the active language)], by name: "España (Madrid)", "France (Paris)"
    (the country and city names of CLDR, through Babel), then UTC. Only canonical zones are
    listed (not aliases such as Europe/Kiev); `current`, a firm's zone that is not listed, is
    kept, named as the zone it is an alias of, or by its id, so the form still takes it."""
    choices = _zone_names(translation.get_language() or "en")
    names = dict(choices)
    if current and current not in names:
        canonical = get_global("zone_aliases").get(current)
        choices = [(current, names.get(canonical, current)), *choices]
    return choices


@functools.lru_cache(maxsize=8)
def _zone_names(language: str) -> list[tuple[str, str]]:
    """The zones of time_zone_choices in `language`, computed once per language (~450 zones)."""
    locale = Locale.parse(translation.to_locale(language))
    aliases, territories = get_global("zone_aliases"), get_global("zone_territories")
    named = []
    for zone in zoneinfo.available_timezones():
        if zone in aliases or zone not in territories:
            continue
        country = locale.territories.get(territories[zone], territories[zone])
        city = locale.time_zones.get(zone, {}).get("city") or zone.rsplit("/", 1)[-1]
        named.append((zone, f"{country} ({city.replace('_', ' ')})"))
    named.sort(key=lambda choice: text.fold(choice[1]))
    return [*named, ("UTC", "UTC")]


def currency_choices():
    """ISO 4217 codes in use, named in the active language ("EUR — euro")."""
    locale = translation.get_language() or "en"
    return [
        (code, f"{code} — {get_currency_name(code, locale=locale.replace('-', '_'))}")
        for code in sorted(list_currencies())
        if len(code) == 3
    ]


def country_choices():
    """ISO 3166-1 alpha-2 countries, named in the active language, by name."""
    locale = Locale.parse((translation.get_language() or "en").replace("-", "_"))
    names = {code: name for code, name in locale.territories.items() if len(code) == 2}
    names.pop("ZZ", None)
    return [("", "—"), *sorted(names.items(), key=lambda item: item[1])]


class FirmSettingsForm(forms.Form):
    """The firm's settings (F-6): what its invoices, emails and portal show."""

    name = forms.CharField(label=_("Firm name"), max_length=200)
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Shown in the portal and in emails."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    time_zone = forms.ChoiceField(label=_("Time zone"))
    currency = forms.ChoiceField(label=_("Currency"))
    language = forms.ChoiceField(
        label=_("Default language"),
        choices=languages.choices,
        help_text=_("For new members and clients until they choose theirs."),
    )
    tax_id = forms.CharField(
        label=_("Tax id"),
        max_length=32,
        required=False,
        help_text=_("NIF, NIE or CIF, SIREN or SIRET, or an EU VAT number (ESB12345674)."),
    )
    street = forms.CharField(label=_("Street"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(self.initial.get("time_zone", ""))
        self.fields["currency"].choices = currency_choices()
        self.fields["country"].choices = country_choices()

    def clean_tax_id(self):
        return taxids.clean_tax_id(self.cleaned_data["tax_id"])

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        return images.reencode(upload, max_side=LOGO_SIDE, prefix="logo")


LOGO_SIDE = 400


class RightsFields(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    can_see_all_accounts = forms.BooleanField(
        label=_("See all accounts"),
        required=False,
        help_text=_("Not only the accounts whose team they are on."),
    )
    can_manage_accounts = forms.BooleanField(
        label=_("Manage accounts"),
        required=False,
        help_text=_("Edit details, contacts and portal access."),
    )
    can_manage_billing = forms.BooleanField(
        label=_("Manage billing"),
        required=False,
        help_text=_("Invoices, estimates and payments."),
    )


class InviteStaffForm(RightsFields):
    email = forms.EmailField(label=_("Email"))
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=languages.choices)

    field_order = ["email", "full_name", "role", "language"]


class MemberRightsForm(RightsFields):
    pass


class JoinForm(SetPasswordForm):
    """The invited person's name and password (Django's password validators apply)."""

    full_name = forms.CharField(label=_("Your name"), max_length=200)

    field_order = ["full_name", "new_password1", "new_password2"]


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), help_text=_("You sign in with this address."))
    language = forms.ChoiceField(label=_("Language"), choices=languages.choices)


KIND_LABELS = {
    "signins": _("Sign-ins"),
    "imports_exports": _("Imports and exports"),
    "rights": _("Roles, rights and settings"),
    "invitations": _("Staff invitations"),
    "clients": _("Clients, tags and fields"),
}


class ActivityFilterForm(forms.Form):
    """The activity feed's filters (X-1), all in the URL."""

    member = forms.TypedChoiceField(label=_("Member"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    since = DateField(label=_("From"), required=False)
    until = DateField(label=_("To"), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Everyone"))] + [
            (str(m.user_id), str(m.user)) for m in members
        ]
        self.fields["kind"].choices = [("", _("Everything")), *KIND_LABELS.items()]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data


class EmailFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        from portico.messaging.models import EmailLog

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *EmailLog.Status.choices]
