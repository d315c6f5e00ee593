"""The firm-wide Billing page's summary blocks, kept by database triggers in InvoiceTally.

The blocks (queries.invoice_blocks) aggregate a firm's invoices: at dataset M a year holds
170,000 of them, and the aggregate's SQL took 593 ms (all time 1,752 ms) at 11-20x a quiet
machine's slowness, growing with the firm; the tally's 1.1 ms (18 ms), docs/PERFORMANCE.md.
The tally keeps, per firm, year of issue, status and due date, how many invoices there are
and the sums of their totals and of what was paid (in cents, so that SQLite adds
integers, never floats): a year of a firm is about a thousand rows whatever its invoices, and
Overdue (open, due before today in the firm's time zone) is the sum of the open rows due before
today. Triggers keep it as clients/tallies.py keeps the Clients page's counts: every write
counts (actions, bulk inserts, cascades, the admin), once per statement on PostgreSQL and once
per row on SQLite (clients/triggers.py); an update counts as removing the old row and adding
the new one, and a tally row whose invoices are all gone is deleted.

The tally has no foreign key constraint to the firm: Django deletes a firm's invoices before
the firm, and their triggers empty its rows (a constraint would make the order matter)."""

from portico.clients import triggers

TABLE = "billing_invoicetally"
INVOICES = "billing_invoice"
KEY = ["firm_id", "year", "status", "due_date"]
# What the tally reads of an invoice: a change to anything else leaves it as it was.
READ = ["firm_id", "issue_date", "status", "due_date", "total", "amount_paid"]
SIGN = {"OLD": "-1", "NEW": "1"}


def _year(postgres):
    return (
        "EXTRACT(YEAR FROM r.issue_date)::integer"
        if postgres
        else "CAST(strftime('%Y', r.issue_date) AS INTEGER)"
    )


def _cents(column, postgres):
    if postgres:
        return f"ROUND(r.{column} * 100)::bigint"
    return f"CAST(ROUND(r.{column} * 100) AS INTEGER)"


def _counted(rows, sign, postgres):
    """SELECT the tally's key and what `rows` add to it (`sign` -1: what they take away)."""
    return (
        f"SELECT r.firm_id AS firm_id, {_year(postgres)} AS year, r.status AS status,"
        f" r.due_date AS due_date, {sign} AS invoices,"
        f" {sign} * {_cents('total', postgres)} AS total_cents,"
        f" {sign} * {_cents('amount_paid', postgres)} AS paid_cents FROM {rows} r"
    )


def _add(changes):
    """Upsert the per-key sums of `changes` (a UNION of _counted) into the tally. `WHERE true`
    keeps SQLite from reading ON CONFLICT as a join's ON."""
    key = ", ".join(KEY)
    return (
        f"INSERT INTO {TABLE} ({key}, invoices, total_cents, paid_cents)"
        f" SELECT {key}, SUM(invoices), SUM(total_cents), SUM(paid_cents) FROM ({changes}) c"
        f" WHERE true GROUP BY {key}"
        " HAVING SUM(invoices) <> 0 OR SUM(total_cents) <> 0 OR SUM(paid_cents) <> 0"
        f" ON CONFLICT ({key}) DO UPDATE SET"
        f" invoices = {TABLE}.invoices + excluded.invoices,"
        f" total_cents = {TABLE}.total_cents + excluded.total_cents,"
        f" paid_cents = {TABLE}.paid_cents + excluded.paid_cents"
    )


def _drop_empty(old, postgres):
    """Delete the tally rows the removed invoices `old` leave without invoices."""
    keys = f"SELECT r.firm_id, {_year(postgres)}, r.status, r.due_date FROM {old} r"
    return f"DELETE FROM {TABLE} WHERE invoices = 0 AND ({', '.join(KEY)}) IN ({keys})"


def definitions(postgres):
    """(name, table, the SQL creating it) of every tally trigger of billing."""
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in READ)
    for event, sides in triggers.SIDES.items():
        name = f"tally_{INVOICES}_{event.lower()}"
        rows = {side: triggers.changed_rows(side, READ, postgres) for side in sides}
        changes = " UNION ALL ".join(_counted(rows[side], SIGN[side], postgres) for side in sides)
        statements = [_add(changes)]
        if "OLD" in rows:
            statements.append(_drop_empty(rows["OLD"], postgres))
        when = changed if event == "UPDATE" else None
        yield name, INVOICES, triggers.create(name, INVOICES, event, statements, postgres, when)


def recount(postgres):
    """The statements that count every invoice again (after the migration: what the triggers
    would have counted)."""
    return [
        f"DELETE FROM {TABLE}",
        _add(_counted(INVOICES, SIGN["NEW"], postgres)),
    ]


def install(apps, schema_editor):
    """Migration step: (re)create the triggers of this database, then count what exists."""
    uninstall(apps, schema_editor)
    triggers.install(definitions, schema_editor)
    for sql in recount(schema_editor.connection.vendor == "postgresql"):
        schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    triggers.uninstall(definitions, schema_editor)
