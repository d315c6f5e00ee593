from django import forms
from django.utils.translation import gettext_lazy as _

from portico.notifications.actions import TASKS
from portico.notifications.models import Frequency


class DigestForm(forms.Form):
    """The "Notifications" card of a client's details (N-1)."""

    email = forms.BooleanField(label=_("Email digest"), required=False)
    frequency = forms.ChoiceField(
        label=_("Select frequency"), choices=Frequency.choices, initial=Frequency.WEEKLY
    )
    send_empty = forms.BooleanField(label=_("Also when there is nothing new"), required=False)

    @classmethod
    def for_subscription(cls, subscription):
        if subscription is None:
            return cls(initial={"email": False, "frequency": Frequency.WEEKLY})
        return cls(
            initial={
                "email": True,
                "frequency": subscription.frequency,
                "send_empty": subscription.send_empty,
            }
        )


class NotifyForm(forms.Form):
    """Notify accountants (N-5): the pending tasks and a comment."""

    tasks = forms.MultipleChoiceField(
        label=_("Pending tasks"),
        choices=list(TASKS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("tasks") and not (data.get("comment") or "").strip():
            raise forms.ValidationError(_("Tick at least one task or write a comment."))
        return data
