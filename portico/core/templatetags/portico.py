from html import escape

from django import forms, template
from django.urls import reverse
from django.utils.safestring import mark_safe

from portico.core.colours import dark_text_on
from portico.core.numbers import format_number
from portico.core.registry import ProfileAction, ProfileTab, registry

register = template.Library()


@register.filter
def number(value):
    """A number as the active language writes it, grouped, every decimal kept ("1.234,5")."""
    return "" if value in (None, "") else format_number(value)


@register.filter
def bootstrap(field):
    """Render a bound field's widget with Bootstrap's class, marked invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def dark_text(colour):
    """Whether a tag of this colour takes black text (core/colours.py)."""
    return dark_text_on(colour or "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag
def options(choices, selected=None):
    """A <select>'s <option>s for (value, label) choices, the one equal to `selected` selected.
    Composed as strings: a loop in a template, or format_html, costs 10–20 µs an option."""
    return mark_safe(
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if value == selected else ""}>'
            f"{escape(str(label))}</option>"
            for value, label in choices
        )
    )


@register.inclusion_tag("core/_profile_nav.html", takes_context=True)
def profile_nav(context, account, tab):
    """The client profile's tabs and ACTION menu: Info, then what the apps registered
    (core.registry.ProfileTab, ProfileAction), those the member holds the right for."""
    member = context.get("member")
    return {
        "account": account,
        "tab": tab,
        "tabs": [
            (t.key, t.label, reverse(t.url_name, args=[account.pk]))
            for t in registry.for_member(ProfileTab, member)
        ],
        "actions": [
            (a.label, a.icon, reverse(a.url_name, args=[account.pk]))
            for a in registry.for_member(ProfileAction, member)
        ],
    }


@register.simple_tag
def max_file_bytes():
    """The largest file any form takes (core.uploads.MAX_FILE_BYTES), for the browser's own
    check before it sends one (static/js/uploads.js)."""
    from portico.core.uploads import MAX_FILE_BYTES

    return MAX_FILE_BYTES
