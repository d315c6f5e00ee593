"""History is written one way (docs/ARCHITECTURE.md): core.history.record() for one event,
record_many() for the events of a bulk write."""

import ast
from pathlib import Path

import pytest

from portico.core.history import event, record, record_many
from portico.core.models import HistoryEvent

ROOT = Path(__file__).resolve().parent.parent
WRITERS = {"create", "bulk_create", "get_or_create", "update_or_create"}


def history_writes(tree):
    """Lines of `tree` that create HistoryEvent rows without core.history: HistoryEvent(...),
    HistoryEvent.objects.<create…>(...), insert(HistoryEvent, …), <obj>.history.<create…>(...)
    (the related managers of firms and accounts)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        call = ast.unparse(node.func)
        method = call.rsplit(".", 1)[-1]
        if (
            call == "HistoryEvent"
            or (call.startswith("HistoryEvent.objects.") and method in WRITERS)
            or (call.endswith(f"history.{method}") and method in WRITERS)
            or (method == "insert" and node.args and ast.unparse(node.args[0]) == "HistoryEvent")
        ):
            yield node.lineno


def test_no_code_writes_history_but_core_history():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted(ROOT.glob("portico/**/*.py"))
        if "migrations" not in path.parts and path != ROOT / "portico/core/history.py"
        for line in history_writes(ast.parse(path.read_text(), str(path)))
    ]
    assert offenders == []


def test_the_check_finds_each_other_way():
    source = (
        "HistoryEvent(firm=f)\nHistoryEvent.objects.bulk_create([])\n"
        "HistoryEvent.objects.create(firm=f)\ninsert(HistoryEvent, rows)\n"
        "account.history.create(verb='x')\nHistoryEvent.objects.filter(firm=f)\n"
    )
    assert list(history_writes(ast.parse(source))) == [1, 2, 3, 4, 5]


def test_record_many_writes_each_event_in_one_statement(personas, django_assert_num_queries):
    firm, manager = personas.firm, personas.manager
    accounts = [personas.account, personas.other_account]
    events = [
        event(
            actor=manager.user,
            firm=firm,
            account=account,
            verb=HistoryEvent.Verb.TAGS_CHANGED,
            subject="x" * 250,
            after={"added": "VIP"},
        )
        for account in accounts
    ] + [event(actor=None, firm=firm.pk, verb=HistoryEvent.Verb.SIGNED_IN)]
    with django_assert_num_queries(1):
        assert record_many(iter(events)) == 3
    written = list(HistoryEvent.objects.order_by("id"))
    assert [(e.account_id, e.actor_id, e.verb) for e in written] == [
        (accounts[0].pk, manager.user_id, "tags.changed"),
        (accounts[1].pk, manager.user_id, "tags.changed"),
        (None, None, "member.signed_in"),
    ]
    assert written[0].subject == "x" * 200
    assert written[0].after == {"added": "VIP"} and written[2].before == {}
    assert all(e.created_at is not None and e.firm_id == firm.pk for e in written)


@pytest.mark.django_db
def test_record_many_of_nothing_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert record_many([]) == 0


def test_record_takes_the_same_arguments(personas):
    written = record(
        actor=personas.owner.user,
        firm=personas.firm,
        account=personas.account,
        verb=HistoryEvent.Verb.ACCOUNT_UPDATED,
        subject=personas.account,
        before={"name": "a"},
    )
    written.refresh_from_db()
    assert (written.subject, written.before, written.after) == (
        "Panadería Núñez SL",
        {"name": "a"},
        {},
    )
