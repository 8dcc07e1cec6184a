import pytest
from django.core.management import call_command

from blog.models import BlogIndexPage, BlogPostPage, NetworkIndexPage, NetworkProfilePage
from cms.demo.content import SEED_POST_SLUG
from cms.models import HomePage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo site, loaded once per session; each test runs inside a transaction that is rolled back."""
    with django_db_blocker.unblock():
        call_command("load_demo", "--no-comments", verbosity=0)


@pytest.fixture
def home(db) -> HomePage:
    return HomePage.objects.get()


@pytest.fixture
def blog(db) -> BlogIndexPage:
    return BlogIndexPage.objects.get(slug="blogg")


@pytest.fixture
def network_index(db) -> NetworkIndexPage:
    return NetworkIndexPage.objects.get(slug="natverk")


@pytest.fixture
def seed_post(db) -> BlogPostPage:
    return BlogPostPage.objects.get(slug=SEED_POST_SLUG)


@pytest.fixture
def bebo(db) -> NetworkProfilePage:
    return NetworkProfilePage.objects.get(slug="bebo")


@pytest.fixture
def make_post(blog):
    """Creates (and by default publishes) a post under the demo blog."""

    def make(title="Testinlägg", *, publish=True, tags=(), networks=(), **fields):
        fields.setdefault("lead", f"Ingress för {title}.")
        post = BlogPostPage(title=title, live=publish, **fields)
        post.tags.set(list(tags))
        post.networks = list(networks)
        blog.add_child(instance=post)
        revision = post.save_revision()
        if publish:
            revision.publish()
        post.refresh_from_db()
        return post

    return make
