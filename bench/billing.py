"""Invoices, payments and estimates in the bench dataset (DESIGN.md's M: 500,000 invoices) and
billing's measurements.

`build(firm, total, rng)` is generate.build's billing step, and `ensure(size)` adds it to a
dataset built before billing existed (skipped when the firm already has invoices). Skew as in
a firm's books: HEAVY accounts with thousands of invoices each (the first has HEAVY[0]), the
rest spread over the other accounts a handful each. Invoices are dated over three years up to
today, one line each; numbers run per year in date order, as issuing them would have given.
Older invoices are mostly paid, a few partial, recent ones pending or overdue, some drafts;
one in fifty is a credit note settling the invoice before it. Each paid or partial invoice has
its payment and allocation; estimates are a fifth of the invoices, in every state.

`pages(admin)` adds the profile's Invoices, Estimates and Payments tabs of the heaviest account,
its transactions page and the firm-wide Billing page to scenarios.pages().
`python -m bench.billing --label SQLite` measures just those against gunicorn (adding billing
to the dataset first if missing), then issuing an invoice and rendering its PDF in-process."""

import argparse
import os
import random
import statistics
import time
from datetime import timedelta
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.settings")
django.setup()  # run as `python -m bench.billing`, like bench.run

from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from portico.billing import dates, money  # noqa: E402
from portico.billing.models import (  # noqa: E402
    Allocation,
    Estimate,
    EstimateLine,
    EstimateStatus,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
    Kind,
    Method,
    Payment,
    Status,
)
from portico.clients.models import ClientAccount  # noqa: E402
from portico.core.inserts import insert  # noqa: E402
from portico.firms.models import Firm, Member, Role  # noqa: E402

HEAVY = (6_000, 4_000, 3_000, 2_000, 1_000)
BATCH = 5_000
DAYS = 3 * 365
SERVICES = [
    ("Asesoría fiscal mensual", "mes", Decimal("120.00")),
    ("Contabilidad trimestral", "trimestre", Decimal("350.00")),
    ("Nóminas", "nómina", Decimal("18.50")),
    ("Declaración de la renta", "", Decimal("95.00")),
    ("Tenue de comptabilité", "mois", Decimal("180.00")),
    ("Bilan annuel", "", Decimal("1250.00")),
]
METHODS = [Method.TRANSFER] * 6 + [Method.CARD] * 2 + [Method.DIRECT_DEBIT, Method.CASH]


def invoice_counts(accounts, total):
    """{account id: how many invoices}: HEAVY for the first accounts, the rest spread over the
    others (about a handful each at M: 500,000 over 100,000 accounts)."""
    heavy = dict(zip(accounts, (min(n, total // 10) for n in HEAVY), strict=False))
    rest, others = total - sum(heavy.values()), accounts[len(heavy) :]
    if not others:  # a firm of a few accounts (tests): the rest to the heaviest
        return heavy | {accounts[0]: heavy[accounts[0]] + rest}
    counts = {
        a: rest // len(others) + (1 if n < rest % len(others) else 0) for n, a in enumerate(others)
    }
    return heavy | counts


def build(firm, total, rng):
    """`total` invoices (credit notes included) with their lines, payments, allocations and
    numbering series, and total // 5 estimates, for the accounts of `firm`; plain inserts
    (core/inserts.py: half a million model instances would take many minutes)."""
    accounts = list(
        ClientAccount.objects.filter(firm=firm).order_by("pk").values_list("pk", flat=True)
    )
    creator = Member.objects.filter(firm=firm, role=Role.OWNER).first()
    today, now = dates.today(firm), timezone.now()
    plan = []
    for account, count in invoice_counts(accounts, total).items():
        plan += [(today - timedelta(days=rng.randrange(DAYS)), account) for _ in range(count)]
    plan.sort()
    numbers = Numbers(firm)
    common = {"firm_id": firm.pk, "created_by_id": creator.pk, "created_at": now}
    for start in range(0, len(plan), BATCH):
        _invoices(plan[start : start + BATCH], common, numbers, today, now, rng)
    numbers.save()
    _estimates(accounts, total // 5, common, today, rng)


class Numbers:
    """The numbering series of the bench firm: the next number per (code, year), as issuing
    in date order would have given them."""

    def __init__(self, firm):
        self.firm, self.series, self.last = firm, {}, {}

    def next(self, code, year) -> tuple[int, str]:
        key = (code, year)
        if key not in self.series:
            self.series[key] = InvoiceSeries.objects.create(firm=self.firm, code=code, year=year)
        self.last[key] = self.last.get(key, 0) + 1
        return self.series[key].pk, self.series[key].number(self.last[key])

    def save(self):
        for key, last in self.last.items():
            InvoiceSeries.objects.filter(pk=self.series[key].pk).update(last=last)


def _line(rng):
    description, unit, price = rng.choice(SERVICES)
    quantity = Decimal(rng.choice([1, 1, 1, 2, 3, 12]))
    rate = Decimal(rng.choice(["21", "21", "21", "10"]))
    net = money.line_net(quantity, price)
    return {
        "description": description,
        "unit": unit,
        "unit_price": price,
        "quantity": quantity,
        "tax_rate": rate,
        "net": net,
        "discount_percent": Decimal("0"),
        "position": 1,
    }


def _priced(line, withholding_percent):
    """The stored totals of a document of one `line`."""
    found = money.totals([(line["net"], line["tax_rate"])], withholding_percent)
    return {
        "withholding_percent": withholding_percent,
        "net": found.net,
        "tax": found.tax,
        "withholding": found.withholding,
        "total": found.total,
    }


def _status(day, today, rng):
    """An invoice's state by its age: drafts only in the last month, recent ones mostly
    pending, older ones mostly paid, a few left partial or unpaid (overdue)."""
    age, draw = (today - day).days, rng.random()
    if age < 30 and draw < 0.1:
        return Status.DRAFT
    if age < 60:
        return Status.PENDING if draw < 0.6 else Status.PAID if draw < 0.9 else Status.PARTIAL
    return Status.PAID if draw < 0.9 else Status.PARTIAL if draw < 0.95 else Status.PENDING


def _invoice(day, account, status, common, numbers, now, rng, kind=Kind.INVOICE):
    """(invoice row, line row) of one invoice or credit note issued on `day`."""
    line = _line(rng)
    if kind == Kind.CREDIT_NOTE:
        line["quantity"], line["net"] = -line["quantity"], -line["net"]
    withholding = Decimal("15") if rng.random() < 0.2 else Decimal("0")
    row = {
        **common,
        **_priced(line, withholding),
        "account_id": account,
        "kind": kind,
        "issue_date": day,
        "due_date": day + timedelta(days=30),
        "currency": "EUR",
        "status": status,
    }
    if status != Status.DRAFT:
        code = "R" if kind == Kind.CREDIT_NOTE else ""
        row["series_id"], row["number"] = numbers.next(code, day.year)
        row.update(issued_at=now, sent_at=now, client_name="—", firm_name="—")
    if status == Status.PAID:
        row["amount_paid"] = row["total"]
    elif status == Status.PARTIAL:
        row["amount_paid"] = money.cents(row["total"] * Decimal("0.4"))
    return row, line


def _invoices(plan, common, numbers, today, now, rng):
    """Insert the invoices of `plan` [(issue date, account)] with their lines, one in fifty
    issued ones followed by a credit note for its whole amount (which settles it), and the
    payments of the paid and partial ones."""
    rows, lines, notes = [], [], []
    for day, account in plan:
        status = _status(day, today, rng)
        row, line = _invoice(day, account, status, common, numbers, now, rng)
        if status != Status.DRAFT and rng.random() < 0.02:
            note, note_line = _credit_note(row, line, common, numbers, now)
            notes.append((len(rows), note, note_line))
            row.update(status=Status.PAID, amount_paid=row["total"])
        rows.append(row)
        lines.append(line)
    ids = insert(Invoice, rows, returning=True)
    insert(InvoiceLine, [{**line, "invoice_id": pk} for line, pk in zip(lines, ids, strict=True)])
    if notes:
        for index, note, _ in notes:
            note["corrects_id"] = ids[index]
        note_ids = insert(Invoice, [note for _, note, _ in notes], returning=True)
        insert(
            InvoiceLine,
            [{**line, "invoice_id": pk} for (*_, line), pk in zip(notes, note_ids, strict=True)],
        )
        credited = {ids[index]: pk for (index, _, _), pk in zip(notes, note_ids, strict=True)}
    else:
        credited = {}
    _payments(rows, ids, credited, common, rng)


def _credit_note(row, line, common, numbers, now):
    """A credit note taking back the whole of the invoice `row` (same day), settled at once."""
    day = row["issue_date"]
    note_line = {**line, "quantity": -line["quantity"], "net": -line["net"]}
    series, number = numbers.next("R", day.year)
    note = {
        **row,
        **_priced(note_line, row["withholding_percent"]),
        "kind": Kind.CREDIT_NOTE,
        "status": Status.PAID,
        "series_id": series,
        "number": number,
    }
    note["amount_paid"] = note["total"]
    return note, note_line


def _payments(rows, ids, credited, common, rng):
    """A payment and its allocation for each paid or partial invoice (its amount_paid), dated
    a few days after it; an invoice settled by a credit note has the note's allocation."""
    payments, settled, allocations = [], [], []
    for row, pk in zip(rows, ids, strict=True):
        amount = row.get("amount_paid")
        if not amount:
            continue
        if pk in credited:
            allocations.append({"invoice_id": pk, "credit_note_id": credited[pk], "amount": amount})
            continue
        payments.append(
            {
                "firm_id": common["firm_id"],
                "created_by_id": common["created_by_id"],
                "account_id": row["account_id"],
                "amount": amount,
                "date": row["issue_date"] + timedelta(days=rng.randint(0, 25)),
                "method": rng.choice(METHODS),
                "reference": f"TRF-{pk}",
            }
        )
        settled.append((pk, amount))
    payment_ids = insert(Payment, payments, returning=True)
    allocations += [
        {"invoice_id": invoice, "payment_id": payment, "amount": amount}
        for (invoice, amount), payment in zip(settled, payment_ids, strict=True)
    ]
    insert(Allocation, allocations)


def _estimates(accounts, total, common, today, rng):
    """`total` estimates in every state, a tenth of them on the HEAVY accounts."""
    heavy = accounts[: len(HEAVY)]
    states = [EstimateStatus.OUTSTANDING] * 3 + [EstimateStatus.ACCEPTED] * 4
    states += [EstimateStatus.REJECTED] * 2 + [EstimateStatus.DRAFT]
    for start in range(0, total, BATCH):
        rows, lines = [], []
        for n in range(start, min(total, start + BATCH)):
            account = heavy[n % len(heavy)] if n % 10 == 0 else rng.choice(accounts)
            day = today - timedelta(days=rng.randrange(DAYS))
            line = _line(rng)
            rows.append(
                {
                    **common,
                    **_priced(line, Decimal("0")),
                    "account_id": account,
                    "issue_date": day,
                    "expiry_date": day + timedelta(days=30),
                    "status": rng.choice(states),
                    "currency": "EUR",
                }
            )
            lines.append(line)
        ids = insert(Estimate, rows, returning=True)
        insert(
            EstimateLine, [{**line, "estimate_id": pk} for line, pk in zip(lines, ids, strict=True)]
        )


def is_built(firm) -> bool:
    return Invoice.objects.filter(firm=firm).exists()


def ensure(size, seed=11, log=print):
    """Add billing to the bench firm when it has none (a dataset built before billing)."""
    from bench.generate import FIRM_NAME, ISSUER, analyze, step

    firm = ClientAccount.objects.filter(firm__name=FIRM_NAME).first().firm
    if not firm.tax_id:  # built before invoices needed their issuer's tax id and address
        Firm.objects.filter(pk=firm.pk).update(**ISSUER)
    if is_built(firm):
        return
    with transaction.atomic():
        step(log, "billing", lambda: build(firm, size.invoices, random.Random(seed)))
    step(log, "statistics", analyze)


# --- Measurements --------------------------------------------------------------------------------


def heaviest_account(firm_name):
    found = (
        Invoice.objects.filter(firm__name=firm_name)
        .values("account")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    return found and found["account"]


def pages():
    """(budget, persona, label, path, headers) of billing's pages, as the admin."""
    from bench.generate import FIRM_NAME

    account = heaviest_account(FIRM_NAME)
    if account is None:
        return []
    count = Invoice.objects.filter(account=account).count()
    base = f"/clients/{account}"
    return [
        ("billing_tab", "admin", f"Invoices tab ({count:,} invoices)", f"{base}/invoices/", {}),
        ("billing_tab", "admin", "Invoices tab, overdue", f"{base}/invoices/?status=overdue", {}),
        ("billing_tab", "admin", "Estimates tab (heaviest client)", f"{base}/estimates/", {}),
        ("billing_tab", "admin", "Payments tab (heaviest client)", f"{base}/payments/", {}),
        ("billing_tab", "admin", "Transactions (heaviest client)", f"{base}/transactions/", {}),
        ("billing_tab", "admin", "Transactions, by card", f"{base}/transactions/?method=card", {}),
        ("billing", "admin", "Billing page (firm-wide)", "/billing/", {}),
        ("billing", "admin", "Billing page, overdue", "/billing/?status=overdue", {}),
    ]


def measure_issue_and_pdf(rounds=20):
    """Milliseconds to issue a draft invoice (numbering, freezing, marked as sent) and to
    render an issued invoice's PDF, warm, in this process: {"issue": …, "pdf": …} each with
    p50/p95. Each draft is created first through the actions, as the form does."""
    from bench.generate import FIRM_NAME
    from portico.billing import actions, pdf

    owner = Member.objects.get(firm__name=FIRM_NAME, role=Role.OWNER)
    account = ClientAccount.objects.get(pk=heaviest_account(FIRM_NAME))
    issue_times, pdf_times = [], []
    rng, today = random.Random(3), dates.today(owner.firm)
    lines = []
    for _ in range(6):
        line = _line(rng)
        del line["net"], line["position"]
        lines.append(actions.LineInput(**line))
    for n in range(rounds + 2):
        draft = actions.create_invoice(
            member=owner,
            account=account,
            issue_date=today,
            due_date=today + timedelta(days=30),
            lines=lines,
        )
        started = time.perf_counter()
        invoice = actions.issue_invoice(member=owner, invoice=draft)
        issued = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        pdf.render(invoice, title=invoice.number, language="es")
        rendered = (time.perf_counter() - started) * 1000
        if n >= 2:  # the first renders load the fonts and compile the templates
            issue_times.append(issued)
            pdf_times.append(rendered)
    return {"issue": _percentiles(issue_times), "pdf": _percentiles(pdf_times)}


def _percentiles(times):
    times = sorted(times)
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
    }


def main():
    """Measure billing's pages, issuing and the PDF (billing added to dataset M if missing)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--size", default="M")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    from bench import generate, machine, run, scenarios

    run.prepare(args.size)
    ensure(generate.SIZES[args.size])
    with run.serving() as (base, server):
        print(f"CPU reference before: {machine.speed()}", flush=True)
        print(f"{args.label}: {Invoice.objects.count():,} invoices", flush=True)
        scenarios.measure_pages(base, pages(), scenarios.heaviest_accountant(), args.requests)
        print(f"CPU reference after: {machine.speed()}", flush=True)
    print(f"  issue and PDF (in-process, warm): {measure_issue_and_pdf()}", flush=True)
    print(f"CPU reference: {machine.speed()}", flush=True)


if __name__ == "__main__":
    main()
