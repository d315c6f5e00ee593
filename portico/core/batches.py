from django.db import transaction


def enqueue_in_batches(task, ids, size):
    """Enqueue `task` once per batch of `size` ids, all in one transaction. Apart, on SQLite, each
    of a bulk action's 100 tasks waits for the write lock that the workers, already running the
    first ones, keep taking: seconds in all."""
    with transaction.atomic():
        for start in range(0, len(ids), size):
            task.enqueue(ids[start : start + size])
