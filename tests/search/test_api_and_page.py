"""The search page /sok/ and the JSON API: answers, facets, pagination, hostile input and outages."""

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from cms.demo.content import SEED_POST_TITLE

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]

HOSTILE = [
    "title:(a OR",
    "*",
    '"',
    "x" * 10_000,
    "a\x00b\x07c\x1b[31m",
    "ö" * 5000,
    "(((((",
    "AND OR NOT",
    "nätverk~3^99",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\\",
    "/.*/",
    "🙂 " * 300,
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_get_a_normal_answer(client, search_corpus, query):
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert len(body["query"]) <= 200
    page = client.get("/sok/", {"q": query})
    assert page.status_code == 200
    assert b"<script>alert(1)</script>" not in page.content


def test_api_answer_shape(client, search_corpus):
    body = client.get("/api/search/", {"q": "beställarnätverk"}).json()
    assert body["total"] >= 3 and body["page"] == 1 and body["per_page"] == 10
    hit = next(hit for hit in body["results"] if hit["title"] == SEED_POST_TITLE)
    assert hit["url"].startswith("/blogg/") and hit["date"] == "2019-06-20"
    assert any("<mark>" in snippet for snippet in hit["highlights"])
    assert {"slug": "bebo", "label": "BeBo"} in hit["networks"]
    assert {facet["value"] for facet in body["facets"]["network"]} >= {"bebo", "belok", "4s"}


def test_highlights_escape_the_text(client, search_corpus):
    body = client.get("/api/search/", {"q": "erfarenhetsutbyte"}).json()
    for hit in body["results"]:
        for snippet in hit["highlights"]:
            assert "<script" not in snippet
            assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


@pytest.mark.parametrize("query, marked", [("bestallarnatverk", "beställarnätverk"), ("natverk", "beställarnätverk")])
def test_words_met_through_folding_or_compounds_are_marked(client, search_corpus, query, marked):
    """Elasticsearch marks only the stemmed fields; what the folded and compound fields met is marked too."""
    body = client.get("/api/search/", {"q": query}).json()
    hit = next(hit for hit in body["results"] if hit["title"] == SEED_POST_TITLE)
    assert any(f"<mark>{marked}</mark>" in snippet.lower() for snippet in hit["highlights"]), hit["highlights"]
    soup = BeautifulSoup(client.get("/sok/", {"q": query}).content, "html.parser")
    seed = next(item for item in soup.select("li.search-hit") if SEED_POST_TITLE in item.get_text())
    assert marked in [mark.get_text().lower() for mark in seed.select("h2 mark")]


def test_facets_filter_and_count(client, search_corpus):
    everything = client.get("/api/search/", {"q": "energi"}).json()
    bebo = next(facet for facet in everything["facets"]["network"] if facet["value"] == "bebo")
    filtered = client.get("/api/search/", {"q": "energi", "network": "bebo"}).json()
    assert filtered["total"] == bebo["count"]
    assert all({"slug": "bebo", "label": "BeBo"} in hit["networks"] for hit in filtered["results"])
    assert next(facet for facet in filtered["facets"]["network"] if facet["value"] == "bebo")["selected"]
    by_year = client.get("/api/search/", {"q": "energi", "year": 2021}).json()
    assert by_year["total"] >= 1 and all(hit["date"].startswith("2021") for hit in by_year["results"])
    by_tag = client.get("/api/search/", {"q": "energi", "tag": "solceller"}).json()
    assert [hit["title"] for hit in by_tag["results"]] == ["Solceller på hyreshusens tak"]
    two_tags = client.get("/api/search/?q=energi&tag=solceller&tag=ventilation").json()
    assert two_tags["total"] == 2


def test_sort_by_date_and_paginate(client, search_corpus):
    first = client.get("/api/search/", {"q": "upphandling", "sort": "date"}).json()
    dates = [hit["date"] for hit in first["results"] if hit["date"]]
    assert dates == sorted(dates, reverse=True)
    with override_settings(SEARCH_RESULTS_PER_PAGE=2):
        page_one = client.get("/api/search/", {"q": "upphandling", "sort": "date"}).json()
        page_two = client.get("/api/search/", {"q": "upphandling", "sort": "date", "page": 2}).json()
    assert page_one["pages"] >= 2 and page_one["total"] == first["total"]
    assert not {hit["url"] for hit in page_one["results"]} & {hit["url"] for hit in page_two["results"]}


@pytest.mark.parametrize("params", [
    {"page": "0"}, {"page": "abc"}, {"page": "100000"}, {"year": "nittonhundra"}, {"year": "3000"},
    {"sort": "random"}, {"tag": "x" * 500},
])
def test_bad_parameters_are_400_with_a_message(client, search_corpus, params):
    response = client.get("/api/search/", {"q": "nätverk", **params})
    assert response.status_code == 400
    assert response.json()["message"]
    page = client.get("/sok/", {"q": "nätverk", **params})
    assert page.status_code == 400


def test_suggest_completes_titles(client, search_corpus):
    body = client.get("/api/search/suggest/", {"q": "erfar"}).json()
    assert SEED_POST_TITLE in [item["title"] for item in body["suggestions"]]
    body = client.get("/api/search/suggest/", {"q": "nätv"}).json()
    assert "Så startar ni ett nytt beställarnätverk" in [item["title"] for item in body["suggestions"]]
    assert client.get("/api/search/suggest/", {"q": "\x00*"}).json()["suggestions"] == []


def test_did_you_mean(client, search_corpus):
    body = client.get("/api/search/", {"q": "samarbetze kvantmekaniks"}).json()
    assert body["total"] == 0
    assert body["suggestion"] == "samarbete"
    assert client.get("/api/search/", {"q": body["suggestion"]}).json()["total"] > 0


def test_no_hits_page_offers_a_suggestion(client, search_corpus):
    response = client.get("/sok/", {"q": "samarbetze kvantmekaniks"})
    html = response.content.decode()
    assert "Inga träffar för ”samarbetze kvantmekaniks”" in html
    soup = BeautifulSoup(html, "html.parser")
    link = soup.select_one("a.search-suggestion")
    assert link is not None and "samarbete" in link.text


def test_search_page_renders_hits_facets_and_pagination(client, search_corpus):
    with override_settings(SEARCH_RESULTS_PER_PAGE=2):
        response = client.get("/sok/", {"q": "beställarnätverk"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select("li.search-hit mark")
    facet_links = [a["href"] for a in soup.select(".search-facet a")]
    assert any("network=bebo" in href for href in facet_links)
    assert soup.select_one('nav.pagination a[rel="next"]')["href"].endswith("page=2")
    filtered = client.get("/sok/" + next(href for href in facet_links if "network=bebo" in href))
    assert filtered.status_code == 200 and b'aria-current="true"' in filtered.content


def test_header_has_an_accessible_search_form(client, search_corpus):
    soup = BeautifulSoup(client.get("/blogg/").content, "html.parser")
    form = soup.select_one("header form[role=search]")
    assert form["action"] == "/sok/" and form["method"] == "get"
    field = form.select_one("input[name=q]")
    assert form.select_one(f"label[for={field['id']}]")
    # The autocomplete's wiring: a static script (no inline code, for the Content-Security-Policy), the API's URL
    # and the translated texts in data-* attributes, an empty listbox beside the field.
    assert form["data-suggest-url"] == "/api/search/suggest/"
    assert form["data-status-many"] == "%(count)s förslag. Välj med pil upp och pil ned, Enter söker på förslaget."
    assert form.select_one("ul#header-search-suggestions[role=listbox][hidden]")["aria-label"] == "Sökförslag"
    scripts = soup.select("script")
    assert [script["src"] for script in scripts if script.get("src")] == ["/static/dialog_search/js/autocomplete.js"]
    assert all(script.get("src") for script in scripts)


def test_openapi_documents_both_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/search/" in schema["paths"] and "/api/search/suggest/" in schema["paths"]
    responses = schema["paths"]["/api/search/"]["get"]["responses"]
    assert {"200", "400", "503"} <= set(responses)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9", ""])
def test_engine_away_is_a_clear_503(client, url):
    with override_settings(ELASTICSEARCH_URL=url, ELASTICSEARCH_TIMEOUT=1.0):
        page = client.get("/sok/", {"q": "nätverk"})
        api = client.get("/api/search/", {"q": "nätverk"})
        suggest = client.get("/api/search/suggest/", {"q": "nät"})
        blog = client.get("/blogg/")
    assert page.status_code == 503 and "Sökningen är tillfälligt otillgänglig" in page.content.decode()
    assert api.status_code == 503 and "tillfälligt otillgänglig" in api.json()["message"]
    assert suggest.status_code == 503
    assert blog.status_code == 200
