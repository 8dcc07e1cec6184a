"""Real faults: the database refusing connections, and a task worker killed in the middle of a task."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, connections
from django.db.utils import load_backend
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.services import task_results_requeue_abandoned, worker_identity
from tests.cms import fault_tasks
from tests.helpers import comment_form_token

ROOT = Path(__file__).resolve().parents[2]
UNAVAILABLE = "Tjänsten är tillfälligt otillgänglig"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database_refusing_connections():
    """The default connection pointed at a local PostgreSQL port nothing listens on: every query fails to connect."""
    original = connections["default"]
    unreachable = {**original.settings_dict, "ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1",
                   "PORT": str(_closed_port()), "NAME": "dialog", "USER": "dialog", "PASSWORD": "dialog",
                   "OPTIONS": {"connect_timeout": 3}, "CONN_MAX_AGE": 0}
    broken = load_backend(unreachable["ENGINE"]).DatabaseWrapper(unreachable, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


@pytest.mark.django_db
def test_database_down_answers_a_swedish_503_and_the_site_recovers(client, seed_post):
    pages = ["/", "/blogg/", seed_post.url, "/natverk/bebo/"]
    apis = [f"/api/comments/?page={seed_post.pk}", "/api/v2/pages/?type=blog.BlogPostPage", f"/api/v2/pages/{seed_post.pk}/"]
    comment = {"page": seed_post.pk, "name": "Läsare", "email": "lasare@example.com", "text": "Hej", "consent": True,
               "form_token": comment_form_token(client, seed_post.pk)}  # fetched while the database is up

    with database_refusing_connections():
        for url in pages:
            response = client.get(url)
            body = response.content.decode()
            assert response.status_code == 503, url
            assert response["Retry-After"] == "30"
            assert response["Content-Type"].startswith("text/html")
            assert '<html lang="sv">' in body and f"<h1>{UNAVAILABLE}</h1>" in body
            assert "Traceback" not in body and "OperationalError" not in body
        for response in [*(client.get(url) for url in apis),
                         client.post("/api/comments/", json.dumps(comment), content_type="application/json")]:
            assert response.status_code == 503
            assert response["Retry-After"] == "30"
            assert response["Content-Type"] == "application/json"
            assert response.json()["message"].startswith(UNAVAILABLE)

    for url in pages + apis:
        assert client.get(url).status_code == 200, url


# --- the task worker -------------------------------------------------------------------------------------------


@contextmanager
def worker_database(tmp_path):
    """(DATABASE_URL a worker subprocess can use, a reader of a task row's status and worker ids).

    PostgreSQL: the test database itself. SQLite: the test database is in memory, so a copy in a file.
    """
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        url = (f"postgres://{quote(settings_dict['USER'])}:{quote(settings_dict['PASSWORD'])}@"
               f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")

        def read(task_id):
            row = DBTaskResult.objects.get(pk=task_id)
            return row.status, row.worker_ids

        yield url, read
        return
    assert connection.vendor == "sqlite", connection.vendor
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()

    def read(task_id):
        with sqlite3.connect(path, timeout=10) as db:
            status, worker_ids = db.execute(f"SELECT status, worker_ids FROM {DBTaskResult._meta.db_table} WHERE id = ?",
                                            [task_id.replace("-", "")]).fetchone()
        return status, json.loads(worker_ids)

    yield f"sqlite:///{path}", read


def start_worker(database_url, log):
    """A worker that runs one task: the test's, which has the highest priority (the demo's index tasks wait)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": database_url}
    return subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
                             "--max-tasks", "1"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for(condition, process, log_path, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None or condition(), f"the worker exited:\n{log_path.read_text()}"
        assert time.monotonic() < deadline, f"timed out; worker log:\n{log_path.read_text()}"
        time.sleep(0.1)


def test_a_task_whose_worker_is_killed_runs_again_in_the_next_worker(django_db_setup, django_db_blocker, tmp_path):
    marker = tmp_path / "attempts.txt"
    log_path = tmp_path / "worker.log"
    attempts = lambda: marker.read_text().split() if marker.exists() else []  # noqa: E731
    with django_db_blocker.unblock():
        result = fault_tasks.record_attempt.using(priority=100).enqueue(str(marker))
        try:
            with worker_database(tmp_path) as (url, read), log_path.open("ab") as log:
                first = start_worker(url, log)
                wait_for(lambda: attempts() == ["start"], first, log_path)
                first.send_signal(signal.SIGKILL)
                first.wait(10)
                # What django-tasks-db leaves behind: the task RUNNING, claimed by a worker that no longer exists.
                status, worker_ids = read(result.id)
                assert status == TaskResultStatus.RUNNING and len(worker_ids) == 1

                second = start_worker(url, log)
                try:
                    wait_for(lambda: read(result.id)[0] == TaskResultStatus.SUCCESSFUL, second, log_path)
                finally:
                    if second.poll() is None:
                        second.kill()
                    second.wait(10)
            status, worker_ids = read(result.id)
            assert len(worker_ids) == 2 and worker_ids[0] != worker_ids[1]
            assert attempts() == ["start", "start", "done"]
            assert "left RUNNING by worker" in log_path.read_text()
        finally:
            DBTaskResult.objects.filter(pk=result.id).delete()


def _running_task(worker_id, started_minutes_ago):
    result = fault_tasks.record_attempt.enqueue("/dev/null")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=[worker_id],
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago))
    return result.id


@pytest.mark.django_db
def test_only_tasks_of_gone_or_long_silent_workers_are_queued_again(settings):
    settings.TASKS_ABANDONED_AFTER = 600
    alive_here = _running_task(worker_identity(), 60)
    elsewhere_recent = _running_task("another-host:4242:123", 5)
    elsewhere_stale = _running_task("another-host:4242:123", 20)

    assert task_results_requeue_abandoned() == [str(elsewhere_stale)]
    assert DBTaskResult.objects.get(pk=elsewhere_stale).status == TaskResultStatus.READY
    assert {DBTaskResult.objects.get(pk=pk).status for pk in (alive_here, elsewhere_recent)} == {TaskResultStatus.RUNNING}
    # A worker recovering from a database error takes back what it held itself.
    assert task_results_requeue_abandoned(current_worker_id=worker_identity()) == [str(alive_here)]


@pytest.mark.django_db
def test_the_admin_answers_a_database_outage_in_its_own_look_and_keeps_what_was_sent(client, blog,
                                                                                     django_user_model):
    from bs4 import BeautifulSoup
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from blog.models import BlogPostPage

    client.force_login(django_user_model.objects.create_superuser("redaktor", "r@example.com", "pw"))
    add_url = f"/admin/pages/add/blog/blogpostpage/{blog.pk}/"
    sent = nested_form_data({
        "title": "Skrivet under avbrottet", "slug": "skrivet-under-avbrottet", "date": "2024-05-01",
        "lead": "En ingress med <taggar> & \"citat\".", "hero_alt": "",
        "body": streamfield([("paragraph", rich_text("<p>Ett långt stycke som inte får gå förlorat.</p>"))]),
        "tags": "test", "allow_comments": "on", "action-publish": "publish",
    })

    with database_refusing_connections():
        looked_at = client.get(add_url)
        answered = client.post(add_url, sent)

    for response in (looked_at, answered):
        body = response.content.decode()
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "wagtailadmin/css/core.css" in body  # the admin's look …
        assert "/static/css/site.css" not in body and f"<h1>{UNAVAILABLE}</h1>" not in body  # … not the readers' page
        assert UNAVAILABLE in body and "Traceback" not in body
    assert "Skicka igen" not in looked_at.content.decode()
    assert f'href="{add_url}"' in looked_at.content.decode()

    form = BeautifulSoup(answered.content, "html.parser").find("form", method="post")
    assert form["action"] == add_url and form.find("button").get_text(strip=True) == "Skicka igen"
    fields = [(field["name"], field.get("value", "")) for field in form.find_all("input")]
    kept = [(name, value) for name, value in fields if name != "csrfmiddlewaretoken"]
    assert sorted(kept) == sorted(sent.items())
    assert [name for name, _ in fields].count("csrfmiddlewaretoken") == 1

    # The database is back: "Skicka igen" sends the same fields, and the post is published.
    resent = client.post(form["action"], dict(kept))
    assert resent.status_code == 302, resent.content.decode()[:2000]
    post = BlogPostPage.objects.get(slug="skrivet-under-avbrottet")
    assert post.live and post.lead == sent["lead"]
