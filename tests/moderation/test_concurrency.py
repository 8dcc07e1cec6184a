"""Concurrent submissions and decisions against PostgreSQL (real row locks; SQLite serialises everything)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from moderation import services
from moderation.models import CommentDecision, CommentModeration, CommentState
from tests.helpers import post_comment_json

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CLIENTS = 20
PER_CLIENT = 10


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
