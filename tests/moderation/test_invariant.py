"""Only approved comments are ever shown, counted or served: checked at every door, through every state change."""

import pytest
from wagtail.models import Page

from blog.models import BlogPostPage
from moderation import services

WORD = "Zyxelkvartsmoderering"


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


def assert_search_never_finds(client, post):
    """The search page echoes the query, so what is checked is that the post is never a hit for the comment's word."""
    assert not Page.objects.live().search(WORD)
    for url in (f"/sok/?q={WORD}", f"/api/search/?q={WORD}"):
        response = client.get(url)
        assert response.status_code < 500 or response.status_code == 503, url
        assert post.url not in response.content.decode(), url


HIDDEN = {"html": False, "count": 0, "v2_count": 0, "api": False, "api_count": 0, "feed": False, "listing": False}
SHOWN = {"html": True, "count": 1, "v2_count": 1, "api": True, "api_count": 1, "feed": False, "listing": False}


@pytest.mark.django_db
def test_only_approved_comments_appear_anywhere(client, make_post, submit, moderator):
    post = make_post("Invariant")
    comment = submit(post, f"Ett ord som inte finns någon annanstans: {WORD}.")
    assert doors(client, post) == HIDDEN
    assert_search_never_finds(client, post)

    services.comment_approve(comment=comment, by=moderator)
    assert doors(client, post) == SHOWN

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
