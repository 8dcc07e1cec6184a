"""One form token posted from many connections at once is accepted exactly MODERATION_FORM_TOKEN_MAX_USES times
(PostgreSQL: real concurrent transactions; SQLite serialises everything)."""

import pytest
from django.test import Client

from dialog_moderation.models import CommentModeration, FormTokenUse
from tests.helpers import comment_form_token, post_comment_json
from tests.moderation.test_concurrency import postgres_only, run_threads  # noqa: F401 - the fixture is autouse

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SENDERS = 12


def test_one_token_posted_at_once_is_used_exactly_max_uses_times(seed_post):
    token = comment_form_token(Client(), seed_post.pk)
    statuses = []

    def post(index):
        response = post_comment_json(Client(REMOTE_ADDR=f"198.51.100.{index + 1}"), {
            "page": seed_post.pk, "name": f"Avsändare {index}", "email": f"avsandare{index}@example.com",
            "text": f"Samtidig kommentar {index}", "consent": True}, token=token)
        statuses.append(response.status_code)

    run_threads(SENDERS, post)
    assert sorted(statuses) == [202] * 3 + [400] * (SENDERS - 3)
    assert CommentModeration.objects.count() == 3
    assert FormTokenUse.objects.get().uses == 3
