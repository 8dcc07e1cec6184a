"""Go-live and expiry dates take effect: the task worker (`manage.py db_worker`, started by `make run` and
`make serve`) runs Wagtail's publish_scheduled every SCHEDULED_PUBLISHING_INTERVAL seconds, one worker at a time."""

import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cms.models import PeriodicJob
from cms.services import periodic_job_claim
from scripts import processes
from tests.cms.test_faults import ROOT

AHEAD = timedelta(seconds=8)


def _copy_to_file(path):
    """This test's database, uncommitted rows included, in a file a worker process can open."""
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    copy.executescript("\n".join(connection.connection.iterdump()))
    copy.close()


def _page_state(path, page_id):
    with sqlite3.connect(path, timeout=30) as db:
        return db.execute("SELECT live, expired FROM wagtailcore_page WHERE id = ?", [page_id]).fetchone()


@pytest.mark.django_db
def test_the_worker_publishes_and_expires_pages_on_their_dates(make_post, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the worker gets a file copy of the test database, which needs SQLite; the SQLite run has it")
    go_live_at = timezone.now() + AHEAD
    scheduled = make_post("Planerat inlägg", publish=False)
    scheduled.go_live_at = go_live_at
    scheduled.save_revision().publish()
    expiring = make_post("Inlägg som går ut")
    expiring.expire_at = go_live_at
    expiring.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live and scheduled.get_latest_revision().approved_go_live_at == go_live_at
    path = tmp_path / "site.sqlite3"
    _copy_to_file(path)
    assert _page_state(path, scheduled.pk) == (0, 0) and _page_state(path, expiring.pk) == (1, 0)

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": f"sqlite:///{path}",
           "SEARCH_ENABLED": "0", "SCHEDULED_PUBLISHING_INTERVAL": "2"}
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = go_live_at + timedelta(seconds=60)
        while (_page_state(path, scheduled.pk), _page_state(path, expiring.pk)) != ((1, 0), (0, 1)):
            assert worker.poll() is None, log_path.read_text()
            assert timezone.now() < deadline, (_page_state(path, scheduled.pk), _page_state(path, expiring.pk),
                                               log_path.read_text())
            before = timezone.now()
            time.sleep(0.2)
        # Not before their dates: the worker publishes what is due, nothing earlier.
        assert before >= go_live_at - timedelta(seconds=1)
    finally:
        processes.stop(worker)
    with sqlite3.connect(path) as db:
        (last_run,) = db.execute("SELECT last_run FROM cms_periodicjob WHERE name = 'publish_scheduled'").fetchone()
    assert last_run


@pytest.mark.django_db
def test_one_worker_at_a_time_runs_a_periodic_job_once_per_interval():
    assert periodic_job_claim(name="publish_scheduled", interval=30) is True
    # A second worker asking within the interval is told no; after it, the job is due again.
    assert periodic_job_claim(name="publish_scheduled", interval=30) is False
    PeriodicJob.objects.filter(name="publish_scheduled").update(last_run=timezone.now() - timedelta(seconds=31))
    assert periodic_job_claim(name="publish_scheduled", interval=30) is True
    assert PeriodicJob.objects.filter(name="publish_scheduled").count() == 1
