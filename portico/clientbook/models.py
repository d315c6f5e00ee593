from django.db import models
from django.utils.translation import gettext_lazy as _

from portico.firms.models import Firm, Member


class Verb(models.TextChoices):
    """History verbs of the import and the export (X-1)."""

    IMPORTED = "clients.imported", _("imported clients")
    EXPORTED = "clients.exported", _("exported clients")


class ImportMapping(models.Model):
    """The firm's last column mapping: which field each header of an imported file was, keyed
    by the folded header, offered first the next time a file has that header."""

    firm = models.OneToOneField(Firm, on_delete=models.CASCADE, primary_key=True, related_name="+")
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")

    def __str__(self):
        return str(self.firm_id)


class ClientImport(models.Model):
    """One uploaded file of accounts and contacts: checked (the dry run: in the request for a
    small file, by the worker otherwise), then imported all or nothing by the worker, which
    writes its progress here for the page to poll."""

    class State(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=200)
    data = models.BinaryField()
    header = models.JSONField(default=list)  # the file's header row, as read
    mapping = models.JSONField(default=list)  # a field key (or "") per column of the header
    invite = models.BooleanField(_("send invitations"), default=False)
    state = models.CharField(max_length=8, choices=State.choices, default=State.CHECKED)
    total = models.IntegerField(default=0)  # rows after the header
    processed = models.IntegerField(default=0)  # rows checked so far (dry run, then import)
    counts = models.JSONField(default=dict)  # create / update / skip / error → rows
    report = models.JSONField(default=dict)  # the dry run's plan.Report, as report.as_json()
    message = models.TextField(blank=True)  # why it failed
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("client import")
        verbose_name_plural = _("client imports")
        indexes = [models.Index(fields=["firm", "-created_at"], name="client_import_firm")]

    def __str__(self):
        return self.file_name

    @property
    def percent(self) -> int:
        """The progress bar: the dry run from 0 to 100; the import checks its rows up to 90,
        then writes them all at once."""
        if self.state == self.State.DONE:
            return 100
        share = 100 if self.state == self.State.CHECKING else 90
        return int(share * self.processed / self.total) if self.total else 0
