"""Row locks for actions that read before they write.

An action that checks a state, or computes a value from other rows, reads the row it changes
again inside its transaction and keeps it locked until the commit: a concurrent action on the
same row waits, then reads what the first one committed. On PostgreSQL this is
`SELECT … FOR NO KEY UPDATE` (inserts that only refer to the row are not held up); SQLite's
IMMEDIATE transactions already run one writer at a time, so there the read alone is enough."""

from django.db import connection


def lock(instance):
    """Reload `instance` from its row, locked until the transaction ends; returns it.

    Raises `Model.DoesNotExist` when the row has gone. Call it inside `transaction.atomic`."""
    locked = type(instance)._base_manager.select_for_update(no_key=True)
    instance.refresh_from_db(from_queryset=locked)
    return instance


def lock_ids(model, ids):
    """Lock the rows of `model` with these ids until the transaction ends, in id order, as
    lock_all does. For thousands of rows (a bulk action): on PostgreSQL the ids go as one array,
    which costs a fraction of an IN list of as many parameters to send and plan (10,000 ids:
    ~50 ms instead of ~500 ms); SQLite has nothing to lock."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {pk} FROM {table} WHERE {pk} = ANY(%s) ORDER BY {pk} FOR NO KEY UPDATE",
            [list(ids)],
        )


def lock_all(queryset):
    """The rows of `queryset` locked until the transaction ends, in id order (two actions that
    lock overlapping sets then wait for each other instead of deadlocking); returns a list."""
    return list(queryset.select_for_update(no_key=True, of=("self",)).order_by("pk"))


class AlreadyDone(Exception):
    """A state change someone (or a second click) made first: the state read under the lock is
    no longer the one the change starts from. `message` says so, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
