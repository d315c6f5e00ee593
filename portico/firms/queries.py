"""Firm-scoped reads of the firms app."""

from datetime import datetime

from django.db.models import OuterRef, Q, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.core import rights
from portico.core.models import HistoryEvent
from portico.core.registry import HistoryVerb, registry
from portico.firms.models import Member, StaffInvitation, UserSession
from portico.messaging.models import EmailLog


def staff_security(member):
    """The active members of `member`'s firm, with `two_factor_since` (when they set up their
    second factor; None if they have not), for owners and admins; nobody for anyone else."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return Member.objects.none()
    enrolled = TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
    return (
        Member.objects.filter(firm=member.firm_id, is_active=True)
        .select_related("user")
        .annotate(two_factor_since=Subquery(enrolled.values("created_at")[:1]))
        .order_by("user__full_name", "user__email")
    )


def staff(member):
    """Every member of `member`'s firm, active ones first, by name, for owners and admins;
    nobody for anyone else (get_for_member answers 404)."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return Member.objects.none()
    return (
        Member.objects.filter(firm=member.firm_id)
        .select_related("user")
        .order_by("-is_active", "user__full_name", "user__email")
    )


def staff_invitations(member):
    """The firm's pending staff invitations, newest first, for owners and admins."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return StaffInvitation.objects.none()
    return StaffInvitation.objects.filter(
        firm=member.firm_id, status=StaffInvitation.Status.PENDING
    ).order_by("-created_at")


def own_sessions(member):
    """The member's signed-in sessions, newest first."""
    return UserSession.objects.filter(user=member.user_id).order_by("-created_at")


# --- Activity feed and email log (W-6) --------------------------------------------------

PAGE = 50

# What the feed's "kind" filter groups: verbs, and verb endings every app's imports and
# exports share ("expenses.exported", "clients.imported").
ACTIVITY_KINDS = {
    "signins": {"verbs": ["member.signed_in", "signin.failed", "signin.locked"]},
    "imports_exports": {"endings": [".exported", ".imported"]},
    "rights": {
        "verbs": [
            "member.changed",
            "staff.deactivated",
            "staff.reactivated",
            "staff.joined",
            "two_factor.reset",
            "firm.two_factor",
            "firm.settings",
        ]
    },
    "invitations": {"verbs": ["staff.invited", "staff.invitation_cancelled"]},
    "clients": {
        "verbs": ["account.created", "account.archived", "account.restored", "account.deleted"],
        "endings": [],
        "prefixes": ["tag.", "custom_field."],
    },
}


def known_verbs() -> list[str]:
    """Every History verb there is: HistoryEvent.Verb's and those the apps registered."""
    registered = [verb.key for verb in registry.all(HistoryVerb)]
    return sorted({*HistoryEvent.Verb.values, *registered})


def kind_verbs(kind: str) -> list[str]:
    """The verbs of one of ACTIVITY_KINDS, endings and prefixes spelled out over known_verbs():
    a plain `verb IN (…)` that the (firm, verb, created_at) index serves, where `LIKE '%.x'`
    would read every event of the firm."""
    spec = ACTIVITY_KINDS[kind]
    endings, prefixes = tuple(spec.get("endings", [])), tuple(spec.get("prefixes", []))
    found = set(spec.get("verbs", []))
    for verb in known_verbs():
        if (endings and verb.endswith(endings)) or (prefixes and verb.startswith(prefixes)):
            found.add(verb)
    return sorted(found)


def parse_cursor(cursor: str | None):
    """(created_at, id) of a cursor ("<iso time>_<id>" of the last row shown), or None when
    there is none or it is not one."""
    if not cursor:
        return None
    moment, _sep, pk = cursor.rpartition("_")
    try:
        return datetime.fromisoformat(moment), int(pk)
    except ValueError:
        return None


def keyset(rows, cursor: str | None):
    """Rows ordered newest first (created_at, id) from after `cursor` (parse_cursor), or from
    the start when it is None or not one."""
    after = parse_cursor(cursor)
    if after:
        when, pk = after
        # `created_at <= when` is the range an index on created_at reads from; the OR alone is
        # a filter, and PostgreSQL read the 500,000 newer events of a deep page to apply it.
        rows = rows.filter(created_at__lte=when).filter(
            Q(created_at__lt=when) | Q(created_at=when, id__lt=pk)
        )
    return rows.order_by("-created_at", "-id")


def cursor_of(row) -> str:
    return f"{row.created_at.isoformat()}_{row.pk}"


def page_of(rows, cursor):
    """(the page's rows, the cursor of the next page or None): PAGE rows read, one more asked
    for to know whether another page follows; no count."""
    found = list(keyset(rows, cursor)[: PAGE + 1])
    more = len(found) > PAGE
    found = found[:PAGE]
    return found, (cursor_of(found[-1]) if more and found else None)


# What a feed row shows (firms/activity_html.py): the event, its actor's name and its account's.
FEED_FIELDS = [
    *("firm_id", "account_id", "actor_id", "verb", "subject", "before", "after", "created_at"),
    *("actor__full_name", "actor__email", "account__name"),
]


def activity(member, *, actor=None, kind=None, since=None, until=None, after=None):
    """The firm's History (X-1) for owners and admins, newest first: every event, or those of
    one member (`actor`, a User id), one kind (ACTIVITY_KINDS), between two moments; `after`,
    the cursor of the page asked for (page_of applies it), narrows a rare kind's ids."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return HistoryEvent.objects.none()
    rows = (
        HistoryEvent.objects.filter(firm=member.firm_id)
        .select_related("actor", "account")
        .only(*FEED_FIELDS)
    )
    if actor:
        rows = rows.filter(actor=actor)
    if since:
        rows = rows.filter(created_at__gte=since)
    if until:
        rows = rows.filter(created_at__lt=until)
    if kind:
        rows = _of_kind(rows, kind_verbs(kind), parse_cursor(after))
    return rows


# A kind with at most this many events is read through its ids (see _of_kind).
SHORT_KIND = 10_000


def _of_kind(rows, verbs, after):
    """`rows` narrowed to `verbs`. A rare kind (up to SHORT_KIND events: rights, invitations,
    imports) is read from the (firm, verb, created_at) index alone — each event's time and id —
    and narrowed to the ids of its page after `after` ((time, id) or None); only those rows are
    read. Left to choose, SQLite guesses from the average events per verb that seven verbs are a
    third of the firm's and reads the time index newest first: 700 ms through 1,000,000 events
    for a page of the 550 rights changes; and sorting the rows of 2,800 ids costs 300 ms."""
    matching = rows.filter(verb__in=verbs)
    ids = matching.order_by().values_list("pk", flat=True)
    if list(ids[SHORT_KIND : SHORT_KIND + 1]):  # a common kind: the time index finds its page
        return matching
    found = sorted(matching.order_by().values_list("created_at", "pk"), reverse=True)
    if after:
        found = [key for key in found if key < after]
    return rows.filter(pk__in=[pk for _when, pk in found[: PAGE + 1]])


def email_log(member, *, status=None):
    """The firm's emails (W-6), newest first, for owners and admins; `status` one of
    EmailLog.Status to narrow them."""
    if not rights.has(member, rights.Right.MANAGE_FIRM):
        return EmailLog.objects.none()
    rows = EmailLog.objects.filter(firm=member.firm_id).defer("body_text", "body_html")
    return rows.filter(status=status) if status else rows
