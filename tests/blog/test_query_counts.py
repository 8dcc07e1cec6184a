"""The number of SQL queries of a listing must not grow with the number of posts, tags or networks shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import NetworkProfilePage


def queries_for(client, url):
    client.get(url)  # warm caches (site root, content types) so only the page's own queries are counted
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/blogg/", "/", "/natverk/bebo/"])
def test_listing_queries_do_not_grow(client, settings, make_post, url):
    settings.BLOG_POSTS_PER_PAGE = 30
    networks = list(NetworkProfilePage.objects.all())
    for i in range(3):
        make_post(f"Få {i}", tags=[f"t{i}"], networks=networks[:1])
    few = queries_for(client, url)
    for i in range(12):
        make_post(f"Många {i}", tags=[f"a{i}", f"b{i}", f"c{i}"], networks=networks)
    many = queries_for(client, url)
    assert many == few, f"{url}: {few} queries with few posts, {many} with many"


@pytest.mark.django_db
def test_post_page_queries_do_not_grow_with_tags_and_networks(client, make_post):
    networks = list(NetworkProfilePage.objects.all())
    plain = make_post("Enkel", tags=["x"], networks=networks[:1])
    rich = make_post("Rik", tags=[f"tag{i}" for i in range(15)], networks=networks)
    assert queries_for(client, rich.url) == queries_for(client, plain.url)
