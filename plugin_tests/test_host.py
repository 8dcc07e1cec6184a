"""The test host itself: it is a Wagtail site without blog/ or cms/, and its pages render with the plugin's parts."""

import sys

from django.conf import settings


def test_the_host_installs_neither_the_site_nor_the_demo():
    assert "blog" not in settings.INSTALLED_APPS and "cms" not in settings.INSTALLED_APPS
    assert not any(name == "blog" or name.startswith(("blog.", "cms.")) for name in sys.modules)


def test_an_article_renders_with_the_comment_form(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert b'name="text"' in response.content
    assert b"Text att kommentera." in response.content


def test_the_home_page_renders(client, home):
    response = client.get(home.url)
    assert response.status_code == 200
    assert b"<h1>Hem</h1>" in response.content
