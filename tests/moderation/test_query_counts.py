"""The post page and the moderation queue answer in a number of queries that does not grow with the comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dialog_moderation import services


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_comments(post, count, submit, superuser, *, approve, start=0):
    made = []
    for index in range(count):
        number = start + index
        parent = made[-1].pk if made and number % 3 and made[-1].level < 2 else None
        comment = submit(post, f"Kommentar {number}", parent_id=parent if approve else None)
        if approve:
            services.comment_approve(comment=comment, by=superuser)
            comment.refresh_from_db()
        made.append(comment)
    return made


@pytest.mark.django_db
def test_post_page_queries_do_not_grow(client, make_post, submit, superuser):
    post = make_post("Många kommentarer")
    add_comments(post, 10, submit, superuser, approve=True)
    few = queries_for(client, post.url)
    add_comments(post, 50, submit, superuser, approve=True, start=10)
    many = queries_for(client, post.url)
    assert "Kommentar 59" in client.get(post.url).content.decode()
    assert many == few, f"{few} queries with 10 comments, {many} with 60"


@pytest.mark.django_db
def test_queue_queries_do_not_grow(client, seed_post, submit, superuser, moderator):
    add_comments(seed_post, 10, submit, superuser, approve=False)
    client.force_login(moderator)
    few = queries_for(client, "/admin/moderation/")
    add_comments(seed_post, 50, submit, superuser, approve=False)
    many = queries_for(client, "/admin/moderation/")
    assert many == few, f"{few} queries with 10 pending, {many} with 60"


@pytest.mark.django_db
def test_thread_api_queries_do_not_grow(client, make_post, submit, superuser):
    post = make_post("API-trådar")
    add_comments(post, 10, submit, superuser, approve=True)
    few = queries_for(client, f"/api/comments/?page={post.pk}")
    add_comments(post, 50, submit, superuser, approve=True)
    assert queries_for(client, f"/api/comments/?page={post.pk}") == few
