"""core.batches: a bulk action's tasks are enqueued together, all of them or none."""

import pytest
from django_tasks_db.models import DBTaskResult

from portico.core.batches import enqueue_in_batches
from portico.portal.tasks import send_invitations

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_ids_go_in_batches(database_tasks):
    enqueue_in_batches(send_invitations, list(range(250)), 100)
    batches = DBTaskResult.objects.order_by("enqueued_at", "id").values_list(
        "args_kwargs", flat=True
    )
    assert [b["args"][0] for b in batches] == [
        list(range(100)),
        list(range(100, 200)),
        list(range(200, 250)),
    ]


def test_a_batch_that_cannot_be_enqueued_leaves_none(database_tasks):
    with pytest.raises(TypeError):
        enqueue_in_batches(send_invitations, [*range(200), object()], 100)
    assert not DBTaskResult.objects.exists()
