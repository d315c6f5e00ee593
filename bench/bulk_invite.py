"""DESIGN.md's bulk-invitation budget: More actions → Edit access with Login on and Invite, on
accounts holding 10,000 contact emails. The request must return in 2 s, and every email reach a
local SMTP server (aiosmtpd) within 60 s, sent by the app's own worker (`db_worker`)."""

import logging
import re
import subprocess
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db.models import Count
from django_tasks_db.models import DBTaskResult

from bench.generate import FIRM_NAME, PASSWORD
from bench.http import Session, timing
from portico.clients.models import ClientAccount, EmailSwitches, Tag
from portico.core.management.commands.serve import TASK_WORKERS, task_worker
from portico.core.models import HistoryEvent
from portico.messaging.models import EmailLog
from portico.portal.models import Invitation, InvitationBatch

EMAILS = 10_000
ROOT = Path(__file__).resolve().parent.parent


class Counter:
    def __init__(self):
        self.recipients = set()

    async def handle_DATA(self, server, session, envelope):
        self.recipients.update(envelope.rcpt_tos)
        return "250 OK"


def start_smtp(port):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, counter


def tag_never_invited_accounts():
    """Tag accounts never invited, holding about EMAILS contact emails between them (so that a
    later run invites others)."""
    firm_accounts = ClientAccount.objects.filter(firm__name=FIRM_NAME, onboarding="active")
    invited = Invitation.objects.values("account")
    tag, _ = Tag.objects.get_or_create(firm=firm_accounts.first().firm, name="Bench bulk invite")
    tag.accounts.clear()
    candidates = firm_accounts.exclude(pk__in=invited).annotate(n=Count("links__contact__emails"))
    chosen, emails = [], 0
    for account, n in candidates.order_by("pk").values_list("pk", "n").iterator():
        chosen.append(account)
        emails += n
        if emails >= EMAILS:
            break
    tag.accounts.add(*chosen)
    return tag


def drop_leftover_tasks():
    """Tasks a run cut short left behind would keep the workers busy while pages are measured."""
    DBTaskResult.objects.filter(status="READY").delete()


def start_workers(env):
    """The task workers `make run` starts."""
    return [
        subprocess.Popen(task_worker(), env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        for _ in range(TASK_WORKERS)
    ]


# What the scenario adds, removed again afterwards so that every run starts from the same data
# (the tallies follow, through their triggers).
WRITTEN = [Invitation, InvitationBatch, EmailLog, HistoryEvent, EmailSwitches]  # delete order


def last_ids():
    return {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        for model in WRITTEN
    }


def undo(since):
    for model in WRITTEN:
        model.objects.filter(pk__gt=since[model]).delete()


def measure(base, counter, timeout=120):
    """Run the scenario, then take its rows out again."""
    since = last_ids()
    try:
        return _measure(base, counter, timeout)
    finally:
        undo(since)


def _measure(base, counter, timeout):
    tag = tag_never_invited_accounts()
    session = Session(base)
    session.sign_in("admin@bench.example", PASSWORD)
    query = f"tab=all&tag={tag.pk}"
    _, _, page = session.get(f"/clients/?{query}")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    before = Invitation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = time.monotonic()
    status, headers = session.post(
        "/clients/bulk/",
        {
            "csrfmiddlewaretoken": token,
            "action": "edit_access",
            "login": "on",
            "invite": "on",
            "all_matching": "1",
            "query": query,
            "confirmed": "1",  # the answer to the confirmation step (core/confirm.py)
        },
    )
    request_ms, queries = timing(headers)
    invited = set(Invitation.objects.filter(pk__gt=before).values_list("email__email", flat=True))
    if not invited:
        raise RuntimeError(f"the bulk invitation invited nobody (HTTP {status})")
    while not invited <= counter.recipients and time.monotonic() - started < timeout:
        time.sleep(0.2)
    return {
        "invited": len(invited),
        "status": status,
        "request_ms": round(request_ms, 1),
        "request_queries": queries,
        "delivered": len(invited & counter.recipients),
        "all_delivered_s": round(time.monotonic() - started, 1),
    }
