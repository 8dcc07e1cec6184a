import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from blog.models import Author, BlogIndexPage, BlogPostPage, NetworkProfilePage
from cms.demo import content
from cms.models import HomePage


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "live")),
        "revisions": Revision.objects.count(),
        "images": get_image_model().objects.count(),
        "authors": Author.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
        "bodies": sorted((p.slug, p.body.raw_data.__len__()) for p in BlogPostPage.objects.all()),
    }


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_content():
    before = snapshot()
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


@pytest.mark.django_db
def test_demo_tree(home):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == home
    assert not Page.objects.filter(slug="home", depth=2).exists(), "Wagtail's welcome page is replaced"
    blog = BlogIndexPage.objects.get()
    assert blog.url == "/blogg/"
    assert blog.title == "Dialog och innovation"
    assert blog.presentation == content.BLOG_PRESENTATION
    assert {n.slug: n.url for n in NetworkProfilePage.objects.all()} == {
        "bebo": "/natverk/bebo/", "belok": "/natverk/belok/", "4s": "/natverk/4s/",
    }
    assert BlogPostPage.objects.live().count() >= 6
    assert HomePage.objects.count() == 1


@pytest.mark.django_db
def test_seed_post_is_verbatim_and_linked(seed_post, client):
    assert seed_post.title == content.SEED_POST_TITLE
    assert seed_post.byline == "Dialog och innovation"
    assert seed_post.author is None
    assert sorted(n.acronym for n in seed_post.networks.all()) == ["4S", "BeBo", "BeLok"]
    assert sorted(t.name for t in seed_post.tags.all()) == sorted(content.SEED_POST["tags"])
    image = seed_post.hero_image
    assert image.file.name.endswith("Bloggbild_innovationdialog.jpg")
    assert (image.width, image.height) == (1600, 900)
    html = client.get(seed_post.url).content.decode()
    for sentence in (
        "Den 14 juni arrangerade Upphandlingsmyndigheten en erfarenhetsdag",
        "Niklas Tideklev, strateg med inriktning på innovation på Upphandlingsmyndigheten var värd för rundabordssamtalet.",
        "Hur den nya upphandlingslagstiftningen kan påverka beställarnätverken.",
        "Hur nätverken ska finansieras lyftes också fram som en avgörande faktor",
        "– Fler erfarenhetsutbyten kommer arrangeras löpande",
    ):
        assert sentence in html
    assert '<a href="/natverk/">Läs mer om beställarnätverk och exempel på projekt inom ramen för existerande nätverk här</a>' in html
    assert html.count("<li>Hur ") == 4


@pytest.mark.django_db
def test_load_demo_gives_the_queue_comments_once(client):
    """The session's demo has no comments (--no-comments); load_demo adds an approved thread with the editors'
    reply, a pending comment and a flagged one, through the moderation services, and running it again adds nothing."""
    from django_comments_xtd.models import XtdComment

    from dialog_moderation.models import CommentDecision, CommentModeration, CommentState

    post = BlogPostPage.objects.get(slug=content.SEED_POST_SLUG)
    assert not CommentModeration.objects.exists()
    call_command("load_demo", verbosity=0)
    rows = {m.comment.user_email: m for m in CommentModeration.objects.select_related("comment")}
    specs = content.DEMO_COMMENTS
    approved = rows[specs["approved"]["email"]]
    assert approved.state == CommentState.APPROVED and approved.comment.is_public
    reply = CommentModeration.objects.get(is_staff_reply=True)
    assert reply.comment.parent_id == approved.comment_id and reply.comment.is_public
    pending = rows[specs["pending"]["email"]]
    assert pending.state == CommentState.PENDING and not pending.flagged and not pending.comment.is_public
    flagged = rows[specs["flagged"]["email"]]
    assert flagged.state == CommentState.PENDING and flagged.flagged
    assert [flag["code"] for flag in flagged.flags] == ["phone"]
    assert {m.page_id for m in rows.values()} == {post.pk}
    post.refresh_from_db()
    assert post.comment_count == 2

    html = client.get(post.url).content.decode()
    assert specs["approved"]["text"] in html and specs["staff_reply"] in html
    assert specs["pending"]["text"] not in html and specs["flagged"]["text"] not in html

    counts = (XtdComment.objects.count(), CommentModeration.objects.count(), CommentDecision.objects.count())
    call_command("load_demo", verbosity=0)
    assert (XtdComment.objects.count(), CommentModeration.objects.count(), CommentDecision.objects.count()) == counts
    assert counts[0] == 4
