"""Pages behind Wagtail's view restrictions (password, login, groups, or on an ancestor) stay behind them on every
path that renders or reads a page for a reader: the comment form's error page, the comment API (post, list, count),
the confirmation page, feeds, the v2 pages API, search (page and API, on the real Elasticsearch node) and the
networks named on public posts."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django_comments_xtd.models import XtdComment
from wagtail.models import PageViewRestriction

from dialog_moderation import services
from dialog_moderation.models import CommentModeration
from tests.helpers import post_comment_json
from tests.moderation.conftest import form_data

POST_URL = "/kommentarer/skicka/"
API_URL = "/api/comments/"
SECRET = "Zebrafinkens hemliga upphandlingsplan"
PASSWORD = "hemligt-lösen"


def restrict(page, kind, *, group=None):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=PASSWORD if kind == PageViewRestriction.PASSWORD else "")
    if group is not None:
        restriction.groups.add(group)
    return restriction


@pytest.fixture
def insiders(db):
    return Group.objects.create(name="Insiders")


@pytest.fixture
def secret_post(make_post):
    return make_post("Hemligt inlägg", lead=SECRET)


@pytest.fixture(params=["password", "login", "groups", "ancestor"])
def restricted(request, secret_post, blog, insiders):
    """The secret post behind each kind of restriction; "ancestor" restricts the blog above it (login)."""
    kind = request.param
    if kind == "ancestor":
        restrict(blog, PageViewRestriction.LOGIN)
    else:
        restrict(secret_post, kind, group=insiders if kind == "groups" else None)
    return secret_post


def api_post(client, page_id, **overrides):
    payload = {"page": page_id, "name": "Olle", "email": "olle@example.com", "text": "Klokt.", "consent": True}
    payload.update(overrides)
    return post_comment_json(client, payload)


@pytest.mark.django_db
class TestCommentPaths:
    def test_form_error_does_not_render_a_restricted_page(self, client, restricted):
        response = client.post(POST_URL, form_data(restricted, email="inte-en-adress"))
        assert response.status_code == 404
        assert SECRET not in response.content.decode()

    def test_valid_form_for_a_restricted_page_is_refused(self, client, restricted):
        response = client.post(POST_URL, form_data(restricted))
        assert response.status_code == 404
        assert not XtdComment.objects.filter(object_pk=str(restricted.pk)).exists()

    def test_api_post_is_404(self, client, restricted):
        response = api_post(client, restricted.pk)
        assert response.status_code == 404
        assert "tar inte emot kommentarer" in response.json()["message"]
        assert not CommentModeration.objects.filter(page_id=restricted.pk).exists()

    def test_api_list_and_count_are_404(self, client, restricted, approved):
        approved(restricted, "En godkänd kommentar som inte får synas.")
        response = client.get(API_URL, {"page": restricted.pk})
        assert response.status_code == 404
        assert "godkänd kommentar" not in response.content.decode()

    def test_confirmation_page_does_not_link_a_restricted_page(self, client, secret_post, settings):
        settings.MODERATION_CONFIRM_EMAIL = True
        comment = services.comment_submit(page=secret_post, name="Eva", email="eva@example.com",
                                          text="Bekräfta mig.", consent=True)
        restrict(secret_post, PageViewRestriction.LOGIN)
        response = client.get(reverse("dialog_moderation:confirm", args=[services.confirmation_token(comment)]))
        assert response.status_code == 200
        assert secret_post.url not in response.content.decode()


@pytest.mark.django_db
class TestReadersWhoMayView:
    """Restrictions are applied as Wagtail applies them, not by hiding every restricted page from everyone."""

    def test_group_member_may_comment_and_sees_errors_on_the_page(self, client, secret_post, insiders,
                                                                  django_user_model):
        restrict(secret_post, PageViewRestriction.GROUPS, group=insiders)
        member = django_user_model.objects.create_user("insider", "insider@example.com", "pw")
        member.groups.add(insiders)
        client.force_login(member)
        response = client.post(POST_URL, form_data(secret_post, email="inte-en-adress"))
        assert response.status_code == 400
        assert "Skriv en giltig e-postadress." in response.content.decode()
        assert api_post(client, secret_post.pk).status_code == 202

    def test_logged_in_user_outside_the_group_is_refused(self, client, secret_post, insiders, django_user_model):
        restrict(secret_post, PageViewRestriction.GROUPS, group=insiders)
        client.force_login(django_user_model.objects.create_user("outsider", "o@example.com", "pw"))
        assert client.post(POST_URL, form_data(secret_post, email="x")).status_code == 404
        assert api_post(client, secret_post.pk).status_code == 404

    def test_reader_who_gave_the_password_may_comment(self, client, secret_post):
        restriction = restrict(secret_post, PageViewRestriction.PASSWORD)
        client.post(reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, secret_post.pk]),
                    {"password": PASSWORD, "return_url": secret_post.url})
        response = client.post(POST_URL, form_data(secret_post, email="inte-en-adress"))
        assert response.status_code == 400
        assert SECRET in response.content.decode()
        assert client.get(API_URL, {"page": secret_post.pk}).status_code == 200


@pytest.mark.django_db
class TestPublishedReads:
    def test_feed_of_a_restricted_blog_is_not_served(self, client, blog, secret_post):
        restrict(blog, PageViewRestriction.PASSWORD)
        response = client.get(f"{blog.url}feed/")
        assert response.status_code == 200  # the password form, not the feed
        assert SECRET not in response.content.decode() and "<rss" not in response.content.decode()

    @pytest.mark.parametrize("kind", ["password", "login", "groups"])
    def test_restricted_post_is_not_in_the_public_feed(self, client, blog, secret_post, insiders, kind):
        restrict(secret_post, kind, group=insiders if kind == "groups" else None)
        body = client.get(f"{blog.url}feed/").content.decode()
        assert "<rss" in body and secret_post.title not in body

    def test_v2_api_hides_restricted_pages(self, client, restricted):
        assert client.get(f"/api/v2/pages/{restricted.pk}/").status_code == 404
        listing = client.get("/api/v2/pages/", {"type": "blog.BlogPostPage", "limit": 100}).json()
        assert restricted.pk not in [item["id"] for item in listing["items"]]


@pytest.mark.django_db
class TestRestrictedNetworks:
    def test_post_page_does_not_name_a_restricted_network(self, client, seed_post, bebo):
        restrict(bebo, PageViewRestriction.LOGIN)
        soup = BeautifulSoup(client.get(seed_post.url).content, "html.parser")
        names = [link.get_text() for link in soup.select("p.networks a")]
        assert names and bebo.title not in names
        assert bebo.url not in [link["href"] for link in soup.select("p.networks a")]

    def test_listing_cards_do_not_name_a_restricted_network(self, client, blog, bebo):
        restrict(bebo, PageViewRestriction.GROUPS, group=Group.objects.create(name="BeBo-gruppen"))
        soup = BeautifulSoup(client.get(blog.url).content, "html.parser")
        card_links = [link["href"] for link in soup.select("p.networks a")]
        assert card_links and bebo.url not in card_links

    def test_v2_api_does_not_name_a_restricted_network(self, client, seed_post, bebo):
        restrict(bebo, PageViewRestriction.PASSWORD)
        detail = client.get(f"/api/v2/pages/{seed_post.pk}/").json()
        slugs = [network["slug"] for network in detail["networks"]]
        assert slugs and "bebo" not in slugs
        assert client.get("/api/v2/pages/", {"type": "blog.BlogPostPage", "network": "bebo"}).json()["items"] == []

    def test_ancestor_restriction_hides_every_network(self, client, seed_post, network_index):
        restrict(network_index, PageViewRestriction.LOGIN)
        detail = client.get(f"/api/v2/pages/{seed_post.pk}/").json()
        assert detail["networks"] == []
        assert BeautifulSoup(client.get(seed_post.url).content, "html.parser").select("p.networks a") == []


# --- search, on the real Elasticsearch node ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_indexes(elasticsearch_url, django_db_setup):
    from tests.search.isolation import own_indexes

    with own_indexes(elasticsearch_url, "access") as prefix:
        yield prefix


@pytest.fixture
def indexed(search_indexes, db):
    """`indexed(*pages)`: brings the index in line with these pages now (as the worker would)."""
    from dialog_search import services as search_services

    def sync(*pages):
        search_services.pages_sync(page_ids=[page.pk for page in pages], refresh=True)

    yield sync
    search_services.index_delete_all()


def search_api(client, query, **extra):
    response = client.get("/api/search/", {"q": query, **extra})
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.mark.elasticsearch
@pytest.mark.django_db
class TestSearch:
    def test_restricted_post_is_not_found(self, client, restricted, indexed):
        indexed(restricted)
        assert search_api(client, "zebrafinkens")["total"] == 0
        assert SECRET not in client.get("/sok/", {"q": "zebrafinkens"}).content.decode()

    def test_post_restricted_after_indexing_is_not_returned_before_the_index_catches_up(
            self, client, secret_post, indexed):
        indexed(secret_post)
        assert [hit["title"] for hit in search_api(client, "zebrafinkens")["results"]] == [secret_post.title]
        restrict(secret_post, PageViewRestriction.LOGIN)  # the index task has not run yet
        body = search_api(client, "zebrafinkens")
        assert body["results"] == [] and body["total"] == 0
        page = client.get("/sok/", {"q": "zebrafinkens"}).content.decode()
        assert SECRET not in page and secret_post.url not in page
        suggestions = client.get("/api/search/suggest/", {"q": "hemligt"}).json()["suggestions"]
        assert secret_post.url not in [item["url"] for item in suggestions]

    def test_restricted_network_is_not_named_in_search(self, client, seed_post, bebo, indexed):
        restrict(bebo, PageViewRestriction.LOGIN)
        indexed(seed_post, bebo)
        body = search_api(client, "beställarnätverk")
        hit = next(hit for hit in body["results"] if hit["url"] == seed_post.url)
        assert "bebo" not in [network["slug"] for network in hit["networks"]]
        assert "bebo" not in [facet["value"] for facet in body["facets"]["network"]]
        assert bebo.url not in [hit["url"] for hit in search_api(client, "bebo")["results"]]

    def test_restricting_a_network_index_reindexes_the_posts_naming_its_networks(self, seed_post, network_index, bebo):
        from dialog_search import services as search_services

        assert seed_post.pk in search_services.pages_affected_by(network_index)
