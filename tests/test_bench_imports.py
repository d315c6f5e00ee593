"""The import the benchmark measures (bench/imports.py) is a real one — every row a new account
or contact, every column mapped — and docs/PERFORMANCE.md says when a budget is missed."""

import pytest

from bench import imports, report
from portico.clientbook import actions, fields
from portico.clientbook import plan as planning
from portico.clients.models import ClientAccount, Contact

pytestmark = pytest.mark.django_db


def test_the_benchmarks_client_book_imports_every_row_as_new(personas):
    data = imports.client_book(accounts=30)
    data.decode("cp1252")  # the encoding a Spanish Excel writes, accents included
    assert "Núñez".encode("cp1252") in data and b"\r\n" in data
    header, problem = planning.read_header(data)
    assert not problem
    mapping = fields.suggest(header, [], {})
    assert "" not in mapping, dict(zip(header, mapping, strict=True))

    plan = planning.build(member=personas.owner, data=data, mapping=mapping)
    assert plan.ok, [(r.row, r.problems) for r in plan.results if r.problems]
    assert plan.counts["create"] == 60 and plan.counts["error"] == 0

    actions.import_clients(member=personas.owner, plan=plan)
    firm = personas.owner.firm
    assert ClientAccount.objects.filter(firm=firm, name__startswith="Importación ").count() == 30
    assert Contact.objects.filter(firm=firm, emails__email__endswith="@importacion.example")
    assert Contact.objects.filter(firm=firm).count() >= 60


def test_the_report_marks_each_budget_it_misses():
    run = {
        "state": "done",
        "total_s": 41.0,
        "check_s": 12.0,
        "import_s": 29.0,
        "bytes": 2_000_000,
        "accounts_created": 10_000,
        "contacts_created": 20_000,
        "web_mb_peak": 80.0,
        "worker_mb_peak": 140.0,
    }
    assert "✅" in report.import_line(run)[0] and "10,000 accounts" in report.import_line(run)[0]
    assert "❌" in report.import_line({**run, "total_s": 61.0})[0]
    assert "❌" in report.import_line({**run, "state": "failed"})[0]

    export = {"format": "csv", "bytes": 9e6, "first_byte_s": 0.2, "whole_s": 20.0}
    export |= {"worker_mb_before": 90.0, "worker_mb_peak": 95.0}
    assert "✅" in report.export_lines([export])[0]
    assert "❌" in report.export_lines([{**export, "first_byte_s": 1.5}])[0]

    invoice = {"issue": {"p50": 8, "p95": 10}, "pdf": {"p50": 150, "p95": 190}}
    assert "✅" in report.invoice_line(invoice)[0]
    assert "❌" in report.invoice_line({**invoice, "pdf": {"p50": 400, "p95": 600}})[0]
