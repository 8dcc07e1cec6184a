"""Only approved comments are ever shown, counted or served: checked at every door, through every state change."""

import pytest
from wagtail.models import Page

from blog.models import BlogPostPage
from dialog_moderation import services
from dialog_search import services as search_services
from dialog_search.tasks import pending_index_tasks
from tests.search.isolation import own_indexes

WORD = "Zyxelkvartsmoderering"
TITLE_WORD = "Invariantprovet"


def doors(client, post):
    """What each public door shows for the post: (contains the comment text, count it reports)."""
    fresh = BlogPostPage.objects.get(pk=post.pk)
    html = client.get(post.url).content.decode()
    listing = client.get("/blogg/").content.decode()
    v2 = client.get(f"/api/v2/pages/{post.pk}/").json()
    thread = client.get(f"/api/comments/?page={post.pk}").json()
    feed = client.get("/blogg/feed/").content.decode()
    return {
        "html": WORD in html,
        "count": fresh.comment_count,
        "v2_count": v2["comment_count"],
        "api": WORD in str(thread["comments"]),
        "api_count": thread["count"],
        "feed": WORD in feed,
        "listing": WORD in listing,
    }


@pytest.fixture(scope="module")
def search_node(elasticsearch_url, django_db_setup, django_db_blocker):
    """The real Elasticsearch node (tests/plugins), with indexes of this module's own holding the demo content."""
    with own_indexes(elasticsearch_url, "invariant") as prefix:
        with django_db_blocker.unblock():
            pending_index_tasks().delete()
            search_services.index_rebuild(thread_count=1)
        yield prefix


def assert_search_never_finds(client, post):
    """Search answers (200) and finds the post by its own title, yet never for the comment's word.

    The search page echoes the query, so what is checked is that the post is never a hit for the comment's word.
    """
    assert not Page.objects.live().search(WORD)
    search_services.pages_sync(page_ids=[post.pk], refresh=True)
    by_title = client.get(f"/api/search/?q={TITLE_WORD}")
    assert by_title.status_code == 200, by_title.content
    assert [hit["url"] for hit in by_title.json()["results"]] == [post.url]
    page = client.get(f"/sok/?q={TITLE_WORD}")
    assert page.status_code == 200 and post.url in page.content.decode()

    api = client.get(f"/api/search/?q={WORD}")
    assert api.status_code == 200, api.content
    assert api.json()["total"] == 0 and api.json()["results"] == []
    page = client.get(f"/sok/?q={WORD}")
    assert page.status_code == 200
    assert post.url not in page.content.decode()


HIDDEN = {"html": False, "count": 0, "v2_count": 0, "api": False, "api_count": 0, "feed": False, "listing": False}
SHOWN = {"html": True, "count": 1, "v2_count": 1, "api": True, "api_count": 1, "feed": False, "listing": False}


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_only_approved_comments_appear_anywhere(client, make_post, submit, moderator, search_node):
    post = make_post(TITLE_WORD)
    comment = submit(post, f"Ett ord som inte finns någon annanstans: {WORD}.")
    assert doors(client, post) == HIDDEN
    assert_search_never_finds(client, post)

    services.comment_approve(comment=comment, by=moderator)
    assert doors(client, post) == SHOWN
    assert_search_never_finds(client, post)

    services.comment_reject(comment=comment, by=moderator, reason="Utanför ämnet")
    assert doors(client, post) == HIDDEN

    services.comment_approve(comment=comment, by=moderator)
    assert doors(client, post) == SHOWN

    services.comment_mark_spam(comment=comment, by=moderator)
    assert doors(client, post) == HIDDEN
    assert_search_never_finds(client, post)


@pytest.mark.django_db
def test_reply_to_a_rejected_comment_stays_as_decided(client, make_post, approved, submit, moderator):
    """Rejecting a parent does not cascade onto its approved reply, nor does approving a parent publish a pending one."""
    post = make_post("Trådar")
    parent = approved(post, "Förälder")
    reply = approved(post, f"Svar {WORD}", parent_id=parent.pk)
    pending = submit(post, "Väntande svar", parent_id=parent.pk)
    services.comment_reject(comment=parent, by=moderator)
    reply.refresh_from_db()
    assert reply.is_public is True
    html = client.get(post.url).content.decode()
    assert WORD in html and "Förälder" not in html
    services.comment_approve(comment=parent, by=moderator)
    pending.refresh_from_db()
    assert pending.is_public is False
    assert "Väntande svar" not in client.get(post.url).content.decode()
    assert BlogPostPage.objects.get(pk=post.pk).comment_count == 2


@pytest.mark.django_db
def test_threads_are_oldest_first_and_nested(client, make_post, approved):
    post = make_post("Ordning")
    first = approved(post, "Första")
    second = approved(post, "Andra")
    reply = approved(post, "Svar på första", parent_id=first.pk)
    html = client.get(post.url).content.decode()
    assert html.index("Första") < html.index("Svar på första") < html.index("Andra")
    thread = client.get(f"/api/comments/?page={post.pk}").json()
    assert [c["id"] for c in thread["comments"]] == [first.moderation.public_id, second.moderation.public_id]
    assert thread["comments"][0]["children"][0]["id"] == reply.moderation.public_id
    assert "email" not in str(thread) and "192.0.2" not in str(thread)
