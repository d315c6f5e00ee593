"""Print the SQL that migration steps written in Python run, per database, as literal text for a
migration to carry (docs/ARCHITECTURE.md, "Migrations are frozen").

    manage.py triggersql portico.clients.tallies:install portico.portal.pending:install \
        --name INSTALL

A migration never imports project code: what `tallies.install` generates today would otherwise be
what replaying an old migration runs tomorrow. A new migration that changes triggers or indexes
runs this command against the code that generates them and pastes its output — a dict
{vendor: [statement, …]} — into the migration, which runs the list of the database it is on.

Each target is "module:function", a migration step `function(apps, schema_editor)`. It is called
with a schema editor that records what it would execute instead of executing it (so it must not
read the database), once as SQLite and once as PostgreSQL; the targets' statements are joined in
the order given.
"""

import importlib
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError

VENDORS = ("sqlite", "postgresql")
LINE_LENGTH = 100  # the project's (pyproject.toml's ruff line-length), indent and quotes included


class RecordingEditor:
    """Stands in for a schema editor: `connection.vendor` says which database to write for,
    `execute()` keeps each statement in `statements`."""

    def __init__(self, vendor):
        self.connection = SimpleNamespace(vendor=vendor)
        self.statements = []

    def execute(self, sql, params=()):
        if params:
            raise CommandError(f"a statement with parameters cannot be frozen: {sql}")
        self.statements.append(str(sql))


def step(target):
    """The function a "module:function" target names."""
    module, _, name = target.partition(":")
    if not name:
        raise CommandError(f"{target!r}: expected module:function")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as error:
        raise CommandError(f"{target!r}: {error}") from error


def statements(targets, vendor):
    """The statements the targets run on `vendor`, in order (each target's in its own order)."""
    editor = RecordingEditor(vendor)
    for target in targets:
        step(target)(None, editor)
    return editor.statements


def literal(sql, indent):
    """`sql` as a Python string literal, cut into adjacent pieces (at spaces and line ends) whose
    lines, indent and quotes included, fit in LINE_LENGTH where the words allow, so that the
    migration stays readable; the pieces join into the exact same text."""
    width = LINE_LENGTH - len(indent) - len("    ")
    pieces, line = [], ""
    for word in sql.replace("\n", "\n\0").replace(" ", " \0").split("\0"):
        if line and len(repr(line + word)) > width:
            pieces.append(line)
            line = ""
        line += word
        if line.endswith("\n"):
            pieces.append(line)
            line = ""
    if line or not pieces:
        pieces.append(line)
    if len(pieces) == 1:
        return f"{indent}{pieces[0]!r},"
    inner = "".join(f"{indent}    {piece!r}\n" for piece in pieces)
    return f"{indent}(\n{inner}{indent}),"


def python_source(name, targets):
    """The assignment `name = {vendor: [statement, …]}` that a migration carries."""
    lines = [f"# manage.py triggersql {' '.join(targets)}", f"{name} = {{"]
    for vendor in VENDORS:
        if not (sqls := statements(targets, vendor)):
            lines.append(f"    {vendor!r}: [],")
            continue
        lines.append(f"    {vendor!r}: [")
        lines += [literal(sql, " " * 8) for sql in sqls]
        lines.append("    ],")
    lines.append("}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the SQL of migration steps written in Python, per database, for a migration."

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", help="module:function migration steps")
        parser.add_argument("--name", default="SQL", help="the variable the output assigns")
        parser.add_argument(
            "--vendor", choices=VENDORS, help="print one database's statements as plain SQL"
        )

    def handle(self, *args, targets, name, vendor, **options):
        if vendor:
            for sql in statements(targets, vendor):
                self.stdout.write(f"{sql};")
        else:
            self.stdout.write(python_source(name, targets))
