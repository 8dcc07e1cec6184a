"""Fixtures of the plugin's tests on the minimal test host: a site with a home page, articles that take comments."""

import pytest
from wagtail.models import Page, Site

from plugin_tests.host.models import ArticlePage, HomePage


@pytest.fixture
def home(db) -> HomePage:
    """The host's home page, the root of its one default site (replacing Wagtail's initial welcome page)."""
    root = Page.get_first_root_node()
    home = HomePage(title="Hem", slug="hem")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page, site.hostname, site.port = home, "testserver", 80
        site.save()
    return home


@pytest.fixture
def make_article(home):
    """Creates (and by default publishes) an article under the home page."""

    def make(title="Artikel", *, publish=True, **fields):
        fields.setdefault("lead", f"Ingress för {title}.")
        article = ArticlePage(title=title, live=publish, **fields)
        home.add_child(instance=article)
        revision = article.save_revision()
        if publish:
            revision.publish()
        article.refresh_from_db()
        return article

    return make


@pytest.fixture
def article(make_article) -> ArticlePage:
    return make_article("Första artikeln", body="<p>Text att kommentera.</p>")
