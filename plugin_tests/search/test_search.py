"""dialog_search on a host that is not this site: its own kinds, facet and URLs, a real Elasticsearch node."""

import pytest
from django.test import override_settings
from django.urls import reverse

from dialog_search import registry, selectors, services
from dialog_search.tasks import pending_index_tasks

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def api(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(client, query, **params):
    return [hit["title"] for hit in api(client, q=query, **params)["results"]]


def test_the_host_registered_its_own_kinds_index_and_facet():
    assert registry.kinds() == ["article", "home"]
    assert registry.indexes() == ["pages"]
    assert [facet.param for facet in registry.facets()] == ["section", "tag", "year"]


def test_publishing_an_article_indexes_it_through_the_task(search_on, make_article, run_index_tasks, client):
    assert titles(client, "zorblatt") == []
    make_article("Zorblatt i kommunen", body="<p>Ett ord som bara finns här.</p>")
    assert pending_index_tasks().count() >= 1  # publishing enqueued, it did not write to the index itself
    assert titles(client, "zorblatt") == []
    assert run_index_tasks() >= 1
    assert titles(client, "zorblatt") == ["Zorblatt i kommunen"]


def test_a_swedish_word_is_found_without_its_diacritics_and_inside_a_compound(indexed_site, client):
    assert titles(client, "overtornea") == ["Ny skola i Övertorneå"]
    # "plan" is nowhere in the text as a word of its own: only the compound "Samhällsplanen" holds it.
    assert titles(client, "plan") == ["Samhällsplanen antas i vår"]


def test_the_compound_list_is_the_setting(indexed_site, client):
    with override_settings(SEARCH_COMPOUND_PARTS=["skol", "byggnad"]):
        services.index_rebuild(thread_count=1)
        assert titles(client, "plan") == []
    services.index_rebuild(thread_count=1)
    assert titles(client, "plan") == ["Samhällsplanen antas i vår"]


def test_facet_counts_filter_and_hit_values(indexed_site, client):
    everything = api(client, q="", section=["hem", "nyheter"])
    sections = {facet["value"]: (facet["label"], facet["count"]) for facet in everything["facets"]["section"]}
    assert sections == {"hem": ("Hem", 2), "nyheter": ("Nyheter", 1)}  # articles only: the home kind has no section
    assert {"tag", "year"} <= set(everything["facets"])
    only_news = api(client, q="", section="nyheter")
    assert [hit["title"] for hit in only_news["results"]] == ["Vattenverket byggs ut"]
    assert only_news["results"][0]["sections"] == [{"slug": "nyheter", "label": "Nyheter"}]
    selected = next(facet for facet in only_news["facets"]["section"] if facet["value"] == "nyheter")
    assert selected["selected"] and selected["count"] == 1


def test_a_second_kind_lives_in_the_same_index(indexed_site, client):
    counts = selectors.index_counts()
    assert list(counts) == ["pages"]
    assert counts["pages"]["documents"] == 5  # home, its section page and three articles
    hits = {hit["title"]: hit["kind"] for hit in api(client, q="Nyheter kommunerna")["results"]}
    assert hits["Nyheter"] == "home"
    assert api(client, q="Övertorneå")["results"][0]["kind"] == "article"
    # Unpublishing the section page removes only its document, not the article of the other kind with the same index.
    indexed_site["news"].get_latest_revision().publish()
    services.pages_sync(page_ids=[indexed_site["news"].pk], refresh=True)
    assert selectors.index_counts()["pages"]["documents"] == 5
    suggestion = client.get("/api/search/suggest/", {"q": "Nyhe"}).json()["suggestions"]
    assert {"title": "Nyheter", "url": indexed_site["news"].url, "kind": "home", "kind_label": "Start page"} in suggestion


def test_the_search_page_and_header_use_the_hosts_urls(indexed_site, client):
    url = reverse("dialog_search:page")
    assert url == "/search/"
    page = client.get(url, {"q": "skola"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'action="/search/"' in html and 'data-suggest-url="/api/search/suggest/"' in html
    assert 'value="skola"' in html  # the header box keeps the query on the search page, found by its URL name
    assert "Ny <mark>skola</mark> i Övertorneå" in html and 'href="?q=skola&amp;section=hem"' in html
    assert "Hem <span class=\"count\">(1)</span>" in html  # the section facet, with its label and count
    home_html = client.get(indexed_site["home"].url).content.decode()
    assert 'action="/search/"' in home_html and 'value="skola"' not in home_html


@pytest.mark.parametrize("url", ["http://127.0.0.1:9", ""])
def test_engine_away_is_a_503_with_a_message(search_on, client, url):
    with override_settings(ELASTICSEARCH_URL=url, ELASTICSEARCH_TIMEOUT=1.0):
        response = client.get("/api/search/", {"q": "skola"})
        page = client.get("/search/", {"q": "skola"})
        suggest = client.get("/api/search/suggest/", {"q": "sko"})
    assert response.status_code == 503 and "tillfälligt otillgänglig" in response.json()["message"]
    assert page.status_code == 503 and "tillfälligt otillgänglig" in page.content.decode()
    assert suggest.status_code == 503


def test_bad_filter_input_is_a_400(search_on, client):
    response = client.get("/api/search/", {"q": "x", "section": ["a" * 101]})
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == ["query", "section"]
