import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from cms.demo.content import SEED_POST_TITLE


@pytest.mark.django_db
class TestFeed:
    def test_rss_lists_live_posts_newest_first(self, client, make_post):
        make_post("Ett utkast som inte syns", publish=False)
        response = client.get("/blogg/feed/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        channel = ET.fromstring(response.content).find("channel")
        assert channel.findtext("title") == "Dialog och innovation"
        items = channel.findall("item")
        titles = [item.findtext("title") for item in items]
        assert "Ett utkast som inte syns" not in titles
        assert titles[0] == "Så startar ni ett nytt beställarnätverk"
        seed = next(item for item in items if item.findtext("title") == SEED_POST_TITLE)
        assert seed.findtext("link").endswith("/blogg/erfarenhetsutbyte-hur-bestallarnatverk-kan-driva-innovation-och-samarbete/")
        assert {c.text for c in seed.findall("category")} >= {"innovation", "beställarnätverk"}
        assert seed.findtext("pubDate").startswith("Thu, 20 Jun 2019")

    def test_index_page_advertises_the_feed(self, client):
        html = client.get("/blogg/").content.decode()
        assert 'type="application/rss+xml"' in html and 'href="/blogg/feed/"' in html


@pytest.mark.django_db
class TestUrls:
    @pytest.mark.parametrize("url", [
        "/", "/blogg/", "/blogg/erfarenhetsutbyte-hur-bestallarnatverk-kan-driva-innovation-och-samarbete/",
        "/natverk/", "/natverk/bebo/", "/natverk/belok/", "/natverk/4s/", "/blogg/feed/", "/api/v2/pages/",
        "/blogg/arkiv/2020/", "/blogg/?tagg=energi", "/blogg/?natverk=bebo",
    ])
    def test_public_urls_answer(self, client, url):
        assert client.get(url).status_code == 200

    def test_admin_asks_for_login(self, client):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")

    @pytest.mark.parametrize("url", ["/finns-inte/", "/blogg/finns-inte/", "/natverk/finns-inte/",
                                     "/blogg/arkiv/1850/", "/blogg/?natverk=finns-inte"])
    def test_unknown_pages_get_a_swedish_404(self, client, url):
        response = client.get(url)
        assert response.status_code == 404
        html = response.content.decode()
        assert "Sidan finns inte" in html and '<html lang="sv">' in html

    @override_settings(BLOG_POSTS_PER_PAGE=2)
    @pytest.mark.parametrize("page", ["abc", "-1", "999", "1.5", ""])
    def test_bad_page_numbers_fall_back(self, client, page):
        response = client.get(f"/blogg/?sida={page}")
        assert response.status_code == 200
        assert "Sida " in response.content.decode()

    @override_settings(BLOG_POSTS_PER_PAGE=2)
    def test_pagination_walks_all_posts_newest_first(self, client):
        seen = []
        for number in (1, 2, 3, 4):
            html = client.get(f"/blogg/?sida={number}").content.decode()
            seen += [line for line in html.splitlines() if "<h3><a href=\"/blogg/" in line]
        assert len(seen) == 7
        assert "sa-startar-ni" in seen[0] and "erfarenhetsutbyte" in seen[-1]

    def test_tag_network_and_year_filters(self, client):
        html = client.get("/blogg/?tagg=energi").content.decode()
        assert "BeBo och energieffektiva" in html and "Seminarium" not in html
        html = client.get("/blogg/?natverk=4s").content.decode()
        assert "4S samlar sjukhusen" in html and "BeBo och energieffektiva" not in html
        html = client.get("/blogg/arkiv/2020/").content.decode()
        assert "BeBo och energieffektiva" in html and "Seminarium: dialog" in html and "4S samlar" not in html
        assert "Dialog och innovation – 2020" in html

    def test_hostile_filter_values_are_escaped(self, client):
        response = client.get('/blogg/?tagg=<script>alert(1)</script>')
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
