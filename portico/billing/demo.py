"""Demo billing for `manage.py demo` (seed 003's Payments, Invoices and Estimates tabs): the
Spanish demo firm's bank details and rates, then for a dozen Spanish clients — Carmen's first
account (the printed portal login) first — invoices in every state (paid, partial, overdue,
pending, draft, and a credit note), payments dated this month so the Pagos chart has bars, and
estimates awaiting acceptance, accepted (one already invoiced) and rejected, all in Spanish.

Written through billing's actions, so numbers, totals, History and statuses are as in real
use; issued as "marked as sent", so no PDF is rendered until one is opened. Dates are relative
to the day the demo is built."""

from datetime import timedelta
from decimal import Decimal

from portico.billing import actions, claims, dates
from portico.billing.actions import LineInput
from portico.billing.models import Method

D = Decimal
ZERO = D("0")
SERVICES = [
    ("Asesoría fiscal mensual", "mes", D("120.00"), D("21")),
    ("Contabilidad trimestral", "trimestre", D("350.00"), D("21")),
    ("Gestión de nóminas", "nómina", D("18.50"), D("21")),
    ("Declaración de la renta", "", D("95.00"), D("21")),
    ("Presentación del modelo 303", "", D("60.00"), D("21")),
    ("Cuentas anuales y depósito en el Registro", "", D("450.00"), D("21")),
    ("Formación en facturación electrónica", "hora", D("45.00"), D("10")),
]
CLIENTS = 12


def build(demo, accounts, first=()):
    """`demo` is the Demo builder of core's demo command (its rng, firm, owner, links);
    `first`: accounts shown first (the portal demo client's)."""
    owner = demo.owner
    claims.save_settings(
        member=owner,
        tax_rates=["21", "10", "4", "0"],
        iban="ES91 2100 0418 4502 0005 1332",
        bic="CAIXESBBXXX",
        payment_days=30,
        pay_links=True,
    )
    spanish = [a for a in accounts if a.country == "ES" and demo.links.get(a.pk)]
    shown = [*first, *(a for a in spanish if a not in first)][:CLIENTS]
    today = dates.today(demo.firm)
    plan = []
    for n, account in enumerate(shown):
        actions.set_tax_id(member=owner, account=account, tax_id=_tax_id(demo.rng))
        plan += [(days_ago, n, state) for days_ago, state in _plan(full=n < 3)]
    # Issued in date order across clients, as a real series numbers them (gap-free, by date).
    corrected = {}
    for days_ago, n, state in sorted(plan, key=lambda p: (-p[0], p[1])):
        day = today - timedelta(days=days_ago)
        _invoice(demo, owner, shown[n], state, day, today, corrected)
    for n, account in enumerate(shown):
        if n < 3:
            actions.create_invoice(
                member=owner,
                account=account,
                issue_date=today,
                due_date=today + timedelta(days=30),
                lines=_lines(demo.rng, 2),
            )
        _estimates(demo, owner, account, today)


def _tax_id(rng):
    """A Spanish company tax id (CIF) with its check digit: B + 7 digits + control."""
    digits = [rng.randint(0, 9) for _ in range(7)]
    odd = sum(sum(divmod(d * 2, 10)) for d in digits[0::2])
    control = (10 - (odd + sum(digits[1::2])) % 10) % 10
    return "B" + "".join(map(str, digits)) + str(control)


def _lines(rng, count):
    lines = []
    for description, unit, price, rate in rng.sample(SERVICES, count):
        quantity = D(rng.choice([1, 1, 2, 3, 12])) if unit else D(1)
        lines.append(
            LineInput(
                description=description,
                quantity=quantity,
                unit=unit,
                unit_price=price,
                tax_rate=rate,
            )
        )
    return lines


def _issue(demo, owner, account, day, due_in=30, withholding=ZERO):
    invoice = actions.create_invoice(
        member=owner,
        account=account,
        issue_date=day,
        due_date=day + timedelta(days=due_in),
        lines=_lines(demo.rng, demo.rng.randint(1, 3)),
        payment_terms="Transferencia a 30 días",
        withholding_percent=withholding,
    )
    return actions.issue_invoice(member=owner, invoice=invoice)


def _pay(demo, owner, account, invoice, amount, day):
    actions.record_payment(
        member=owner,
        account=account,
        amount=amount,
        day=day,
        method=demo.rng.choice(
            [Method.TRANSFER, Method.TRANSFER, Method.CARD, Method.DIRECT_DEBIT]
        ),
        reference=f"TRF {invoice.number}",
        invoices=[invoice],
    )


def _this_month(demo, today, issued):
    """A day of this month up to today, not before the invoice was issued."""
    start = max(today.replace(day=1), issued)
    return start + timedelta(days=demo.rng.randint(0, (today - start).days))


def _plan(full):
    """(days ago, state) of a client's invoices: paid and partial ones (paid this month), an
    overdue one, a pending one; for the first clients also a credit note correcting one."""
    plan = [(70, "paid"), (49, "paid"), (35, "paid"), (21, "partial"), (75, "overdue")]
    return plan + [(2, "pending")] + ([(84, "corrected"), (77, "credit note")] if full else [])


def _invoice(demo, owner, account, state, day, today, corrected):
    """Issue one invoice of _plan's `state` on `day` (and its payment); `corrected` keeps
    each account's invoice that its credit note corrects."""
    if state == "credit note":
        note = actions.create_credit_note(
            member=owner,
            invoice=corrected[account.pk],
            issue_date=day,
            notes="Factura emitida por error: servicio no prestado.",
        )
        actions.issue_invoice(member=owner, invoice=note)
        return
    withholding = D("15") if state == "partial" else ZERO
    invoice = _issue(demo, owner, account, day, withholding=withholding)
    if state == "corrected":
        corrected[account.pk] = invoice
    elif state in ("paid", "partial"):
        part = D(1) if state == "paid" else D("0.4")
        amount = (invoice.total * part).quantize(D("0.01"))
        _pay(demo, owner, account, invoice, amount, _this_month(demo, today, day))


def _estimates(demo, owner, account, today):
    """One estimate in each state: a draft, one awaiting acceptance, one rejected, one accepted
    and one accepted that became a draft invoice."""
    states = ["draft", "outstanding", "rejected", "accepted", "invoiced"]
    for n, state in enumerate(states):
        day = today - timedelta(days=5 * n + 1)
        estimate = actions.create_estimate(
            member=owner,
            account=account,
            issue_date=day,
            expiry_date=day + timedelta(days=30),
            lines=_lines(demo.rng, demo.rng.randint(1, 2)),
            notes="Presupuesto válido durante 30 días.",
        )
        if state == "draft":
            continue
        actions.send_estimate(member=owner, estimate=estimate)
        if state == "outstanding":
            continue
        accepted = state != "rejected"
        comment = "De acuerdo, adelante." if accepted else "Lo dejamos para el año que viene."
        actions.answer_estimate(estimate=estimate, accepted=accepted, comment=comment, member=owner)
        if state == "invoiced":
            actions.invoice_estimate(member=owner, estimate=estimate, issue_date=today)
