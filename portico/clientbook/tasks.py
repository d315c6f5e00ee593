"""The worker's side of an import: the dry run of a large file (check_import), and the import
itself (run_import: check the file again against the firm as it is now, then write it all or
nothing), both with progress the page polls. Each takes an id; safe to run twice."""

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portico.clientbook import actions
from portico.clientbook import plan as planning
from portico.clientbook.models import ClientImport
from portico.core.locking import AlreadyDone
from portico.core.retry import retry_locked

State = ClientImport.State
logger = logging.getLogger(__name__)


@task
@retry_locked
def check_import(import_id: int) -> str:
    """The dry run of one file waiting in CHECKING: its report kept on the job, which becomes
    CHECKED; nothing of the client book is written. Returns the final state ("" when the job
    was not waiting)."""
    job = ClientImport.objects.select_related("member__user", "firm").filter(pk=import_id).first()
    if job is None or job.state != State.CHECKING:
        return ""
    with translation.override(job.member.language or job.firm.language or "en"):
        report = dry_run(job, progress=True)
    # The mapping cannot change meanwhile: actions.set_mapping waits for CHECKED.
    done = ClientImport.objects.filter(pk=job.pk, state=State.CHECKING)
    done.update(state=State.CHECKED, report=report.as_json(), total=report.total)
    return State.CHECKED


def dry_run(job, *, progress=False) -> planning.Report:
    """The report of checking `job`'s file with its mapping, for its member; with `progress`
    the rows counted and checked are written on the job as the planner goes."""

    def counted(rows):
        ClientImport.objects.filter(pk=job.pk).update(total=rows, processed=0)

    def checked(rows):
        ClientImport.objects.filter(pk=job.pk).update(processed=rows)

    try:
        plan = planning.build(
            member=job.member,
            data=bytes(job.data),
            mapping=job.mapping,
            progress=checked if progress else None,
            counted=counted if progress else None,
        )
    except Exception:  # planning answers any bytes with a plan; this is a bug, not the file
        logger.exception("dry run of import %s failed", job.pk)
        return planning.Report(problem=_("The file could not be checked. Try again later."))
    return planning.Report.of(plan)


@task
@retry_locked
def run_import(import_id: int) -> str:
    """Import one queued file: claim it, plan it (progress written every planning.CHUNK rows),
    write it. A file whose rows changed meaning since its dry run (someone else edited the
    clients) fails with the reason; nothing is written then. Returns the final state."""
    claimed = ClientImport.objects.filter(pk=import_id, state__in=[State.QUEUED, State.RUNNING])
    if not claimed.update(state=State.RUNNING):
        return ""
    job = ClientImport.objects.select_related("member__user", "firm").get(pk=import_id)
    member = job.member
    with translation.override(member.language or job.firm.language or "en"):

        def progress(rows):
            ClientImport.objects.filter(pk=job.pk).update(processed=rows)

        plan = planning.build(
            member=member, data=bytes(job.data), mapping=job.mapping, progress=progress
        )
        if not plan.ok:
            return _fail(
                job,
                plan.problem
                or _("Some clients changed since the file was checked: check it again."),
            )
        try:
            actions.import_clients(member=member, plan=plan, job=job)
        except AlreadyDone:
            return ""
        except Exception:
            logger.exception("import %s failed", job.pk)
            return _fail(job, _("The import failed and nothing was written. Try again later."))
    return State.DONE


def _fail(job, message):
    with transaction.atomic():
        ClientImport.objects.filter(pk=job.pk, state=State.RUNNING).update(
            state=State.FAILED, message=message, finished_at=timezone.now(), data=b""
        )
    return State.FAILED
