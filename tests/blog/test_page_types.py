import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage, BlogPostPage, NetworkIndexPage, NetworkProfilePage
from cms.models import HomePage


class TreeRulesTests(WagtailPageTestCase):
    def test_home_takes_a_blog_and_a_network_index(self):
        self.assertAllowedSubpageTypes(HomePage, {BlogIndexPage, NetworkIndexPage})

    def test_blog_takes_only_posts(self):
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPostPage})
        self.assertAllowedParentPageTypes(BlogPostPage, {BlogIndexPage})

    def test_network_index_takes_only_profiles(self):
        self.assertAllowedSubpageTypes(NetworkIndexPage, {NetworkProfilePage})
        self.assertAllowedParentPageTypes(NetworkProfilePage, {NetworkIndexPage})

    def test_posts_and_profiles_are_leaves(self):
        self.assertAllowedSubpageTypes(BlogPostPage, set())
        self.assertAllowedSubpageTypes(NetworkProfilePage, set())

    def test_post_cannot_be_created_under_home(self):
        self.assertCanNotCreateAt(HomePage, BlogPostPage)


@pytest.mark.django_db
class TestCreationInTheAdmin:
    """Pages created through the admin's own forms, as an editor would."""

    @pytest.fixture(autouse=True)
    def login(self, client, django_user_model):
        user = django_user_model.objects.create_superuser("redaktor", "r@example.com", "pw")
        client.force_login(user)

    def post_form(self, client, parent, model, data):
        url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
        return client.post(url, data)

    def test_post_with_all_block_types(self, client, blog, bebo, network_index):
        data = nested_form_data({
            "title": "Nytt inlägg",
            "slug": "nytt-inlagg",
            "date": "2024-05-01",
            "lead": "En ingress.",
            "hero_alt": "",
            "body": streamfield([
                ("paragraph", rich_text("<p>Ett stycke.</p>")),
                ("quote", {"text": "Ett citat", "attribution": "Någon"}),
                ("bullet_list", streamfield([("item", "Ett"), ("item", "Två")])),
                ("read_more", {"text": "Läs mer …", "page": network_index.pk, "url": ""}),
            ]),
            "tags": "test, innovation",
            "allow_comments": "on",
            "action-publish": "publish",
        })
        data["networks"] = [str(bebo.pk)]
        response = self.post_form(client, blog, BlogPostPage, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        post = BlogPostPage.objects.get(slug="nytt-inlagg")
        assert post.live
        assert [block.block_type for block in post.body] == ["paragraph", "quote", "bullet_list", "read_more"]
        assert list(post.body[2].value) == ["Ett", "Två"]
        assert sorted(tag.name for tag in post.tags.all()) == ["innovation", "test"]
        assert list(post.networks.all()) == [bebo]

    def test_post_requires_a_lead(self, client, blog):
        data = nested_form_data({"title": "Utan ingress", "slug": "utan-ingress", "date": "2024-05-01",
                                 "lead": "", "body": streamfield([]), "action-publish": "publish"})
        response = self.post_form(client, blog, BlogPostPage, data)
        assert response.status_code == 200
        assert not BlogPostPage.objects.filter(slug="utan-ingress").exists()

    def test_read_more_needs_a_target(self, client, blog):
        data = nested_form_data({"title": "Länk", "slug": "lank", "date": "2024-05-01", "lead": "x",
                                 "body": streamfield([("read_more", {"text": "Läs mer …", "page": "", "url": ""})]),
                                 "action-publish": "publish"})
        response = self.post_form(client, blog, BlogPostPage, data)
        assert response.status_code == 200
        assert not BlogPostPage.objects.filter(slug="lank").exists()

    def test_profile_with_members_and_projects(self, client, network_index):
        data = nested_form_data({
            "title": "Beställargrupp för test",
            "slug": "testnatverk",
            "acronym": "BeTe",
            "description": rich_text("<p>Ett nätverk.</p>"),
            "founded_year": "2020",
            "members": inline_formset([{"organisation": "Kommun A", "website": ""}]),
            "projects": inline_formset([{"name": "Projekt X", "year": "2021", "description": "Kort.", "link": ""}]),
            "action-publish": "publish",
        })
        url = f"/admin/pages/add/blog/networkprofilepage/{network_index.pk}/"
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        profile = NetworkProfilePage.objects.get(slug="testnatverk")
        assert [m.organisation for m in profile.members.all()] == ["Kommun A"]
        assert [(p.name, p.year) for p in profile.projects.all()] == [("Projekt X", 2021)]

    def test_profile_requires_acronym(self, client, network_index):
        data = nested_form_data({"title": "Utan förkortning", "slug": "utan", "acronym": "",
                                 "description": rich_text("<p>x</p>"), "members": inline_formset([]),
                                 "projects": inline_formset([]), "action-publish": "publish"})
        response = client.post(f"/admin/pages/add/blog/networkprofilepage/{network_index.pk}/", data)
        assert response.status_code == 200
        assert not NetworkProfilePage.objects.filter(slug="utan").exists()


@pytest.mark.django_db
class TestRendering:
    def test_home_lists_newest_posts_and_networks(self, client):
        html = client.get("/").content.decode()
        assert "Så startar ni ett nytt beställarnätverk" in html
        for acronym in ("BeBo", "BeLok", "4S"):
            assert f"({acronym})" in html

    def test_post_page_shows_byline_count_and_comment_anchor(self, client, seed_post):
        response = client.get(seed_post.url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Erfarenhetsutbyte – hur beställarnätverk kan driva innovation och samarbete</h1>" in html
        assert "Dialog och innovation" in html
        assert "0 kommentarer" in html
        assert 'href="#kommentera"' in html and 'id="kommentera"' in html
        assert 'alt="Illustration av ett nätverk' in html
        assert ".webp" in html

    def test_post_with_author_shows_name_and_role(self, client):
        post = BlogPostPage.objects.get(slug="workshop-om-innovationsupphandling-i-kommunerna")
        html = client.get(post.url).content.decode()
        assert "Niklas Tideklev, strateg med inriktning på innovation" in html

    def test_closed_post_says_so(self, client, seed_post):
        seed_post.allow_comments = False
        seed_post.save_revision().publish()
        html = client.get(seed_post.url).content.decode()
        assert "Kommentarerna är stängda." in html
        assert 'id="kommentera"' not in html

    def test_related_posts_share_tags_or_networks(self, seed_post):
        related = seed_post.related_posts()
        assert related, "the seed post shares tags and networks with other demo posts"
        assert seed_post not in related
        # The post concerning all three networks and sharing two tags ranks first.
        assert related[0].slug == "sa-startar-ni-ett-nytt-bestallarnatverk"

    def test_related_posts_of_an_unsaved_post(self, seed_post):
        # A preview renders the post from the editor's form: its tags and networks are modelcluster's, in memory.
        preview = BlogPostPage(title="Förhandsvisning", lead="Ingress.")
        preview.tags.set(list(seed_post.tags.all()))
        preview.networks = list(seed_post.networks.all())
        related = [post.slug for post in preview.related_posts()]
        assert related[:2] == [seed_post.slug, "sa-startar-ni-ett-nytt-bestallarnatverk"]

    def test_network_profile_lists_its_posts_and_facts(self, client, bebo):
        html = client.get("/natverk/bebo/").content.decode()
        assert "BeBo och energieffektiva flerbostadshus" in html
        assert "Erfarenhetsutbyte" in html
        assert "BeLok visar vägen" not in html
        for text in ("Exempel på projekt", "Teknikupphandling av värmeåtervinning", "Familjebostäder",
                     "Finansiering", "Deltagarnas mandat", "Anna Berg", "1989"):
            assert text in html

    def test_network_index_lists_profiles(self, client):
        html = client.get("/natverk/").content.decode()
        for path in ("/natverk/bebo/", "/natverk/belok/", "/natverk/4s/"):
            assert f'href="{path}"' in html

    def test_draft_post_is_not_public(self, client, make_post):
        draft = make_post("Hemligt utkast", publish=False)
        assert client.get(f"/blogg/{draft.slug}/").status_code == 404
        assert "Hemligt utkast" not in client.get("/blogg/").content.decode()
        assert "Hemligt utkast" not in client.get("/").content.decode()

    def test_pages_are_accessible_html(self, client, seed_post):
        for url in ("/", "/blogg/", seed_post.url, "/natverk/", "/natverk/bebo/"):
            html = client.get(url).content.decode()
            assert '<html lang="sv">' in html
            assert "<main" in html and "<header" in html and "<footer" in html and "<nav" in html
            assert html.count("<h1") == 1, url
            assert 'class="skip-link"' in html
            soup = BeautifulSoup(html, "html.parser")
            assert all(img.has_attr("alt") for img in soup.find_all("img")), url
            levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
            assert levels[0] == 1
            assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (url, levels)
