"""Creates the demo site idempotently: what exists (matched by slug or name) is left as it is."""

import io

from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog.models import Author, BlogIndexPage, BlogPostPage, NetworkIndexPage, NetworkMember, NetworkProfilePage, NetworkProject
from cms.demo import content
from cms.models import HomePage

HERO_FILENAME = "Bloggbild_innovationdialog.jpg"
HERO_TITLE = "Bloggbild innovationdialog"


def generated_hero_image():
    """A 1600x900 JPEG drawn with Pillow: a gradient with a pattern of linked circles (a network)."""
    width, height = 1600, 900
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        shade = int(60 + 120 * y / height)
        draw.line([(0, y), (width, y)], fill=(0, shade // 2 + 40, shade + 60))
    nodes = [(300, 300), (700, 200), (1100, 350), (1350, 650), (800, 650), (400, 700)]
    for index, (x, y) in enumerate(nodes):
        for other in nodes[index + 1 :]:
            draw.line([(x, y), other], fill=(255, 191, 71), width=6)
    for x, y in nodes:
        draw.ellipse([x - 60, y - 60, x + 60, y + 60], fill=(255, 255, 255), outline=(255, 191, 71), width=10)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return buffer


class Command(BaseCommand):
    help = "Loads the demo content of the blog “Dialog och innovation” (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--no-comments", action="store_true",
                            help="Leave out the demo comments (the test suite starts from a site without them).")

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self.load()
            if not options["no_comments"]:
                created += self.comments(BlogPostPage.objects.get(slug=content.SEED_POST_SLUG))
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new objects)."))

    def load(self) -> int:
        self.created = 0
        home = self.home_page()
        image = self.hero_image()
        blog = self.child(home, BlogIndexPage, "blogg", title="Dialog och innovation",
                          presentation=content.BLOG_PRESENTATION, presentation_image=image)
        network_index = self.child(home, NetworkIndexPage, "natverk", title="Beställarnätverk",
                                   intro="Beställarnätverk samlar organisationer som köper samma slags varor, tjänster "
                                         "eller byggentreprenader för att tillsammans driva innovation.")
        networks = {spec["slug"]: self.network(network_index, spec) for spec in content.NETWORKS}
        authors = {spec["name"]: self.author(spec) for spec in content.AUTHORS}
        seed = content.SEED_POST
        self.post(blog, seed, body=self.seed_body(seed["body"], network_index), image=image, author=None,
                  networks=[networks[slug] for slug in seed["networks"]])
        for spec in content.MORE_POSTS:
            self.post(blog, spec, body=[("paragraph", f"<p>{spec['text']}</p>")], image=None,
                      author=authors.get(spec["author"]), networks=[networks[slug] for slug in spec["networks"]])
        return self.created

    def comments(self, post: BlogPostPage) -> int:
        """The demo comments on the seed post, through the moderation services, once: an approved comment with the
        editors' reply, a pending one and a flagged one. Left alone when any of their senders has commented."""
        from django.contrib.auth import get_user_model
        from django_comments_xtd.models import XtdComment

        from dialog_moderation import services

        specs = content.DEMO_COMMENTS
        senders = [specs[key]["email"] for key in ("approved", "pending", "flagged")]
        if XtdComment.norel_objects.filter(user_email__in=senders).exists():
            return 0
        staff, made = get_user_model().objects.get_or_create(
            username=content.DEMO_STAFF_USERNAME,
            defaults={"email": "redaktionen@example.se", "first_name": "Redaktionen", "is_staff": True})
        if made:
            staff.set_unusable_password()
            staff.save(update_fields=["password"])

        def submit(spec):
            return services.comment_submit(page=post, name=spec["name"], email=spec["email"], text=spec["text"],
                                           consent=True, ip=spec["ip"])

        approved = submit(specs["approved"])
        services.comment_approve(comment=approved, by=staff, reason="Demo: en relevant fråga.")
        services.comment_reply_as_staff(parent=approved, by=staff, text=specs["staff_reply"])
        submit(specs["pending"])
        submit(specs["flagged"])
        return 4

    def home_page(self) -> HomePage:
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(instance=HomePage(
                title="Dialog och innovation", slug="hem",
                intro="En blogg om dialog och innovation i offentlig upphandling.",
            ))
            home.save_revision().publish()
            self.created += 1
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                site_name="Dialog och innovation")
        elif site.root_page_id != home.pk:
            old_root = site.root_page.specific
            site.root_page = home
            site.site_name = "Dialog och innovation"
            site.save()
            # Wagtail's placeholder "Welcome" page is replaced by the real home page.
            if type(old_root) is Page and old_root.slug == "home":
                old_root.delete()
        return home

    def hero_image(self):
        image_model = get_image_model()
        image = image_model.objects.filter(title=HERO_TITLE).first()
        if image is None:
            image = image_model(title=HERO_TITLE,
                                description="Illustration av ett nätverk: vita noder förbundna med gula linjer.")
            image.file = ImageFile(generated_hero_image(), name=HERO_FILENAME)
            image.save()
            self.created += 1
        return image

    def child(self, parent, page_class, slug, **fields):
        return self.ensure_child(parent, page_class, slug, lambda: page_class(slug=slug, **fields))

    def ensure_child(self, parent, page_class, slug, build):
        """The child page with this slug, created and published from build() only if it is missing."""
        existing = page_class.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = build()
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page

    def network(self, network_index, spec) -> NetworkProfilePage:
        def build():
            page = NetworkProfilePage(**{key: value for key, value in spec.items() if key not in {"members", "projects"}})
            page.members = [NetworkMember(organisation=name) for name in spec["members"]]
            page.projects = [
                NetworkProject(name=name, year=year, description=text) for name, year, text in spec["projects"]
            ]
            return page

        return self.ensure_child(network_index, NetworkProfilePage, spec["slug"], build)

    def author(self, spec) -> Author:
        author, created = Author.objects.get_or_create(name=spec["name"], defaults={"role": spec["role"]})
        self.created += int(created)
        return author

    def seed_body(self, blocks, network_index):
        body = []
        for kind, value in blocks:
            if kind == "paragraph":
                body.append(("paragraph", f"<p>{value}</p>"))
            elif kind == "bullet_list":
                body.append(("bullet_list", value))
            elif kind == "read_more":
                body.append(("read_more", {"text": value, "page": network_index, "url": ""}))
        return body

    def post(self, blog, spec, *, body, image, author, networks) -> BlogPostPage:
        def build():
            page = BlogPostPage(
                title=spec["title"], slug=spec["slug"], date=spec["date"], lead=spec["lead"], author=author,
                hero_image=image, hero_alt=image.description if image else "", body=body,
                search_description=spec["lead"][:155],
            )
            page.tags.set(spec["tags"])
            page.networks = networks
            return page

        return self.ensure_child(blog, BlogPostPage, spec["slug"], build)
