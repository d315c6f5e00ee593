from html import escape

from django import forms, template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from portico.core import browsers, dates, languages
from portico.core.colours import dark_text_on
from portico.core.numbers import format_number
from portico.core.registry import ProfileAction, ProfileTab, registry

register = template.Library()


@register.filter
def browser(user_agent):
    """A user-agent string as a person reads it: "Chrome 156 · Linux" (core/browsers.py)."""
    return browsers.summary(user_agent or "")


@register.filter
def number(value):
    """A number as the active language writes it, grouped, every decimal kept ("1.234,5")."""
    return "" if value in (None, "") else format_number(value)


@register.filter(expects_localtime=True)
def day(value):
    """A date (or a datetime's date) in the active language's numeric order: "29/11/2026"
    (core/dates.py). Aware datetimes in the current zone, as Django's `date` filter."""
    return dates.numeric_date(value) if value else ""


@register.filter(expects_localtime=True)
def long_day(value):
    """ "29 de noviembre de 2026", "29 novembre 2026", "29 November 2026"."""
    return dates.long_date(value) if value else ""


@register.filter(expects_localtime=True)
def moment(value):
    """A datetime as the active language writes it: "29/11/2026, 8:07" (es), "29/11/2026 08:07"
    (fr), "29/11/2026, 08:07" (en-GB)."""
    return dates.numeric_datetime(value) if value else ""


@register.filter(expects_localtime=True)
def clock(value):
    """A time (or a datetime's): "8:07" (es), "08:07" (fr, en-GB)."""
    return dates.clock(value) if value else ""


@register.filter
def month(value):
    """ "noviembre de 2026", "novembre 2026", "November 2026"."""
    return dates.month_title(value) if value else ""


@register.filter(needs_autoescape=True)
def colon(label, autoescape=True):
    """A label before its value with the colon the language writes: "Total:" (en, es), "Total :"
    (fr: a no-break space before it)."""
    pattern = pgettext("a label before its value", "%(label)s:")
    if not autoescape:
        return pattern % {"label": label}
    return mark_safe(pattern % {"label": conditional_escape(label)})  # noqa: S308


@register.filter
def language_name(code):
    """A language in its own name: "Español" (core/languages.py)."""
    return languages.name(code)


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
