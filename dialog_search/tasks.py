"""Index work, run by the database task worker (`manage.py db_worker`).

A task brings the indexes in line with the database's current state of some pages, so tasks may run
late, twice or out of order. When Elasticsearch is away the task enqueues its own retry with a growing
delay (run_after) before failing, so the work is never lost; the failed attempt stays in the task table.
"""

import logging

from django.utils import timezone
from django_tasks import task

from dialog_search import services
from dialog_search.client import is_unavailable

logger = logging.getLogger(__name__)

TASK_PATH_PREFIX = "dialog_search.tasks."


@task()
def sync_pages_task(page_ids: list[int], attempt: int = 0) -> dict:
    try:
        return services.pages_sync(page_ids=page_ids)
    except Exception as error:
        if not is_unavailable(error):
            raise
        delay = services.retry_delay(attempt)
        sync_pages_task.using(run_after=timezone.now() + delay).enqueue(page_ids=page_ids, attempt=attempt + 1)
        logger.warning("Elasticsearch unavailable (%s); pages %s retried in %s s (attempt %d).",
                       type(error).__name__, page_ids, delay.total_seconds(), attempt + 1)
        raise


def pending_index_tasks():
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__startswith=TASK_PATH_PREFIX)


def run_pending_index_tasks(*, ignore_run_after: bool = False) -> int:
    """Run the index tasks that are due, in this process (tests and `search_index sync`). Returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="search-inline", excluded_queue_names=[])
    ran = 0
    while True:
        due = pending_index_tasks().order_by("run_after", "enqueued_at")
        if not ignore_run_after:
            due = due.ready()
        result = due.first()
        if result is None:
            return ran
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
