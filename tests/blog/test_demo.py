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
