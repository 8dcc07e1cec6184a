import pytest

from blog.models import BlogPostPage

PAGES = "/api/v2/pages/"
POSTS = PAGES + "?type=blog.BlogPostPage"


def titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


@pytest.mark.django_db
class TestPostFields:
    def test_detail_has_every_field(self, client, seed_post):
        data = client.get(f"{PAGES}{seed_post.pk}/").json()
        assert data["title"] == seed_post.title
        assert data["byline"] == "Dialog och innovation"
        assert data["date"] == "2019-06-20"
        assert data["lead"].startswith("Den 14 juni")
        assert [block["type"] for block in data["body"]][:2] == ["paragraph", "paragraph"]
        assert "bullet_list" in [block["type"] for block in data["body"]]
        assert '<ul class="block-list">' in data["body_html"]
        assert data["hero_image_rendition"]["url"].endswith(".webp")
        assert data["hero_image_rendition"]["width"] == 1200
        assert data["hero_alt"]
        assert data["tags"] == sorted(data["tags"]) and "innovation" in data["tags"]
        assert {n["acronym"] for n in data["networks"]} == {"BeBo", "BeLok", "4S"}
        assert data["comment_count"] == 0
        assert data["allow_comments"] is True

    def test_author_is_serialised(self, client):
        post = BlogPostPage.objects.get(slug="workshop-om-innovationsupphandling-i-kommunerna")
        data = client.get(f"{PAGES}{post.pk}/").json()
        assert data["author"] == {"name": "Niklas Tideklev", "role": "strateg med inriktning på innovation"}

    def test_profile_fields(self, client, bebo):
        data = client.get(f"{PAGES}{bebo.pk}/").json()
        assert data["acronym"] == "BeBo"
        assert data["founded_year"] == 1989
        assert [m["organisation"] for m in data["members"]][0] == "Familjebostäder"
        assert data["projects"][0]["name"] == "Teknikupphandling av värmeåtervinning"

    def test_listing_fields_on_request(self, client):
        response = client.get(POSTS + "&fields=lead,tags,networks,comment_count")
        item = response.json()["items"][0]
        assert {"lead", "tags", "networks", "comment_count"} <= set(item)


@pytest.mark.django_db
class TestFilters:
    def test_by_type(self, client):
        assert titles(client.get(PAGES + "?type=blog.NetworkProfilePage")) == {
            "Energimyndighetens beställargrupp för bostäder",
            "Energimyndighetens beställargrupp för lokaler",
            "Sjukhusens och vårdbyggnadernas beställargrupp",
        }

    def test_by_tag(self, client):
        assert titles(client.get(POSTS + "&tags=energi")) == {
            "BeBo och energieffektiva flerbostadshus",
            "BeLok visar vägen för lokaler med låg energianvändning",
        }

    @pytest.mark.parametrize("value", ["bebo", "BeBo", "bebo-id"])
    def test_by_network_slug_acronym_or_id(self, client, bebo, value):
        value = str(bebo.pk) if value == "bebo-id" else value
        assert titles(client.get(POSTS + f"&network={value}")) == {
            "BeBo och energieffektiva flerbostadshus",
            content_seed_title(),
            "Så startar ni ett nytt beställarnätverk",
        }

    def test_unknown_network_gives_empty_list(self, client):
        assert titles(client.get(POSTS + "&network=finns-inte")) == set()

    @pytest.mark.parametrize("query", [
        POSTS + "&network=",
        PAGES + "?network=bebo",
        POSTS + "&networks=abc",
        POSTS + "&nonsense=1",
        POSTS + "&limit=abc",
        POSTS + "&offset=-1",
        POSTS + "&order=nonexistent",
        PAGES + "?type=blog.Nope",
        POSTS + "&date=not-a-date",
        POSTS + "&allow_comments=maybe",
        POSTS + "&network=be%00bo",
    ])
    def test_bad_filters_give_400_with_message(self, client, query):
        response = client.get(query)
        assert response.status_code == 400, (query, response.status_code)
        assert response.json()["message"]


def content_seed_title():
    from cms.demo.content import SEED_POST_TITLE

    return SEED_POST_TITLE


@pytest.mark.django_db
class TestDraftsNeverLeak:
    def test_unpublished_post_is_hidden(self, client, make_post):
        draft = make_post("Hemligt utkast", publish=False)
        assert "Hemligt utkast" not in titles(client.get(POSTS))
        assert client.get(f"{PAGES}{draft.pk}/").status_code == 404

    def test_draft_changes_of_a_live_post_are_hidden(self, client, seed_post):
        seed_post.title = "Ändrad rubrik i ett utkast"
        seed_post.save_revision()
        data = client.get(f"{PAGES}{seed_post.pk}/").json()
        assert data["title"] == content_seed_title()

    def test_unpublished_network_is_not_listed_on_posts(self, client, seed_post, bebo):
        bebo.unpublish()
        data = client.get(f"{PAGES}{seed_post.pk}/").json()
        assert {n["acronym"] for n in data["networks"]} == {"BeLok", "4S"}
        assert client.get(f"{PAGES}{bebo.pk}/").status_code == 404

    def test_private_post_is_hidden(self, client, seed_post):
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(page=seed_post, restriction_type="password", password="x")
        assert content_seed_title() not in titles(client.get(POSTS))


@pytest.mark.django_db
def test_cors_allows_only_configured_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example.se"]
    allowed = client.get(POSTS, HTTP_ORIGIN="https://front.example.se")
    assert allowed["Access-Control-Allow-Origin"] == "https://front.example.se"
    denied = client.get(POSTS, HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in denied
