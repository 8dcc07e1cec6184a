"""Concurrent submissions and decisions against PostgreSQL (real row locks; SQLite serialises everything)."""

import collections
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from django.db import connection, connections, transaction
from django.test import Client

from scripts.es_node import free_port

from dialog_moderation import services
from dialog_moderation.models import CommentDecision, CommentModeration, CommentState, SenderLock
from scripts import processes
from tests.helpers import post_comment_json

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CLIENTS = 20
FORM_MIN_SECONDS = 2  # MODERATION_FORM_MIN_SECONDS's default, which the production settings keep
PER_CLIENT = 10
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def postgres_only(_demo_snapshot):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real concurrent transactions and row locks "
                    "(run with DATABASE_URL=$(bash scripts/postgres.sh))")


def run_threads(count, target):
    barrier = threading.Barrier(count)
    errors = []

    def worker(index):
        try:
            barrier.wait()
            target(index)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def test_200_comments_from_20_clients_are_all_stored_pending(seed_post, superuser):
    parent = services.comment_submit(page=seed_post, name="Start", email="start@example.com",
                                     text="Trådens start", consent=True)
    services.comment_approve(comment=parent, by=superuser)
    statuses = []

    def client_posts(index):
        client = Client(REMOTE_ADDR=f"198.51.100.{index + 1}")
        for number in range(PER_CLIENT):
            payload = {"page": seed_post.pk, "name": f"Klient {index}", "email": f"klient{index}@example.com",
                       "text": f"Kommentar {index}-{number}", "consent": True,
                       "parent": parent.moderation.public_id if number % 2 else None}
            response = post_comment_json(client, payload)
            statuses.append(response.status_code)

    run_threads(CLIENTS, client_posts)
    assert statuses == [202] * CLIENTS * PER_CLIENT
    rows = CommentModeration.objects.exclude(comment=parent).select_related("comment")
    texts = sorted(row.comment.comment for row in rows)
    assert len(texts) == CLIENTS * PER_CLIENT == len(set(texts))
    assert {row.state for row in rows} == {CommentState.PENDING}
    assert not any(row.comment.is_public for row in rows)
    thread_orders = list(rows.filter(comment__thread_id=parent.pk).values_list("comment__order", flat=True))
    assert len(thread_orders) == len(set(thread_orders)) == CLIENTS * PER_CLIENT // 2


def test_two_moderators_deciding_at_once_leave_one_consistent_state(seed_post, django_user_model):
    first = django_user_model.objects.create_superuser("forsta", "f@example.com", "pw")
    second = django_user_model.objects.create_superuser("andra", "a@example.com", "pw")
    comments = [services.comment_submit(page=seed_post, name="Läsare", email=f"l{n}@example.com",
                                        text=f"Omtvistad {n}", consent=True) for n in range(10)]

    for comment in comments:
        def decide(index, comment=comment):
            if index == 0:
                services.comment_approve(comment=comment, by=first)
            else:
                services.comment_reject(comment=comment, by=second, reason="Utanför ämnet")

        run_threads(2, decide)

    for comment in comments:
        comment.refresh_from_db()
        moderation = CommentModeration.objects.get(comment=comment)
        history = list(CommentDecision.objects.filter(comment=comment).order_by("created_at", "pk"))
        assert len(history) == 3
        assert history[0].to_state == CommentState.PENDING
        assert history[1].from_state == CommentState.PENDING
        assert history[2].from_state == history[1].to_state, "the later decision saw the earlier one"
        assert {history[1].actor_id, history[2].actor_id} == {first.pk, second.pk}
        assert moderation.state == history[2].to_state
        assert comment.is_public is (moderation.state == CommentState.APPROVED)


def wait_until_a_query_waits_for_a_lock(seconds=30):
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the view stays as the transaction first saw it
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, "no query ever waited for the lock"
            time.sleep(0.05)


def test_a_lock_deleted_under_a_waiting_submission_is_created_again_and_prune_skips_locks_in_use(seed_post):
    services.comment_submit(page=seed_post, name="Läsare", email="las@example.com", text="Först", consent=True,
                            ip="192.0.2.90")
    keys = services.sender_lock_keys(ip="192.0.2.90", email="las@example.com")
    assert set(SenderLock.objects.values_list("key", flat=True)) == set(keys)
    submitted = []

    def submit_again(_index):
        submitted.append(services.comment_submit(page=seed_post, name="Läsare", email="las@example.com",
                                                 text="Igen", consent=True, ip="192.0.2.90"))

    with transaction.atomic():
        # What prune_comment_data does to an old lock: the submission waits for the row, then finds it gone.
        SenderLock.objects.filter(key__in=keys).delete()
        thread = threading.Thread(target=run_threads, args=(1, submit_again))
        thread.start()
        wait_until_a_query_waits_for_a_lock()
    thread.join(60)
    assert len(submitted) == 1
    assert set(SenderLock.objects.values_list("key", flat=True)) == set(keys), "the submission held no lock"

    SenderLock.objects.update(created_at=seed_post.first_published_at)
    held = threading.Event()
    release = threading.Event()

    def hold_lock(_index):
        with transaction.atomic():
            list(SenderLock.objects.select_for_update().filter(key=keys[0]))
            held.set()
            release.wait(60)

    holder = threading.Thread(target=run_threads, args=(1, hold_lock))
    holder.start()
    assert held.wait(30)
    try:
        assert services.comment_data_prune(days=0)["locks_deleted"] == len(keys) - 1
    finally:
        release.set()
        holder.join(60)
    assert list(SenderLock.objects.values_list("key", flat=True)) == [keys[0]]


# --- a real gunicorn with several workers and threads, production settings, on the test database -------------


@contextmanager
def gunicorn_server(tmp_path, **environment):
    """gunicorn -w 4 --threads 4 with the production settings on the test database; yields its base URL."""
    settings_dict = connection.settings_dict
    database_url = (f"postgres://{quote(settings_dict['USER'])}:{quote(settings_dict['PASSWORD'])}@"
                    f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", DATABASE_URL=database_url,
        MODERATION_TRUSTED_PROXY_COUNT="1", STATIC_ROOT=str(tmp_path / "static"), LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", **environment,
    )
    log_path = tmp_path / f"gunicorn-{port}.log"
    with log_path.open("ab") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cms.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "4", "--threads", "4", "--timeout", "60", "--forwarded-allow-ips", "127.0.0.1"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                assert server.poll() is None, f"gunicorn exited:\n{log_path.read_text()[-3000:]}"
                assert time.monotonic() < deadline, f"gunicorn did not answer:\n{log_path.read_text()[-3000:]}"
                try:
                    # Every worker must be up, or the first burst is served by fewer processes than asked for.
                    if httpx.get(base_url + "/api/comments/?page=0", timeout=5).status_code < 500 and \
                            log_path.read_text().count("Booting worker") >= 4:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.3)
            yield base_url
        finally:
            processes.stop(server)
            connections.close_all()


def post_comment(http: httpx.Client, base_url: str, payload: dict, *, client_address: str) -> httpx.Response:
    """One reader's POST to the comment API, arriving through the one trusted proxy that names the client."""
    return http.post(f"{base_url}/api/comments/", content=json.dumps(payload),
                     headers={"Content-Type": "application/json", "X-Forwarded-For": client_address})


def fetch_form_token(http: httpx.Client, base_url: str, page_id: int, *, client_address: str) -> str:
    """The form token a headless front end fetches before posting (GET /api/comments/form-token/)."""
    response = http.get(f"{base_url}/api/comments/form-token/", params={"page": page_id},
                        headers={"X-Forwarded-For": client_address})
    assert response.status_code == 200, response.text
    return response.json()["form_token"]


def post_all_at_once(base_url: str, posts: list[tuple[dict, str]]) -> collections.Counter:
    """Sends every (payload, client address) at the same moment, each from its own thread and connection."""
    barrier = threading.Barrier(len(posts))
    statuses = collections.Counter()
    errors = []
    lock = threading.Lock()

    def send(payload, client_address):
        try:
            with httpx.Client(timeout=120) as http:
                token = fetch_form_token(http, base_url, payload["page"], client_address=client_address)
                time.sleep(FORM_MIN_SECONDS + 0.2)  # a token is refused when sent sooner (the production minimum)
                barrier.wait(60)
                response = post_comment(http, base_url, {**payload, "form_token": token},
                                        client_address=client_address)
            with lock:
                statuses[response.status_code] += 1
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=send, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    return statuses


def test_limits_and_the_duplicate_check_hold_exactly_under_concurrency(seed_post, tmp_path):
    def payload(number, *, email, text=None):
        return {"page": seed_post.pk, "name": f"Läsare {number}", "email": email, "consent": True,
                "text": text or f"Samtidig tanke nummer {number} om upphandling."}

    with gunicorn_server(tmp_path, MODERATION_RATE_LIMIT_PER_IP="10", MODERATION_RATE_LIMIT_PER_EMAIL="5") as url:
        one_address = post_all_at_once(url, [(payload(n, email=f"adress{n}@example.com"), "192.0.2.77")
                                             for n in range(50)])
        one_email = post_all_at_once(url, [(payload(n, email="samma@example.com"), f"203.0.113.{n + 1}")
                                           for n in range(50)])
    assert one_address == {202: 10, 429: 40}
    assert CommentModeration.objects.filter(ip="192.0.2.77").count() == 10
    assert one_email == {202: 5, 429: 45}
    assert CommentModeration.objects.filter(comment__user_email="samma@example.com").count() == 5

    with gunicorn_server(tmp_path, MODERATION_RATE_LIMIT_PER_IP="10", MODERATION_RATE_LIMIT_PER_EMAIL="50") as url:
        same_text = post_all_at_once(url, [(payload(n, email="upprepar@example.com", text="Exakt samma text igen."),
                                            f"198.51.100.{n + 1}") for n in range(20)])
    assert same_text == {202: 20}
    rows = CommentModeration.objects.filter(comment__user_email="upprepar@example.com")
    duplicate_flags = [any(flag["code"] == "duplicate" for flag in row.flags) for row in rows]
    assert len(duplicate_flags) == 20
    assert duplicate_flags.count(False) == 1, "exactly one of the identical texts is the original"
