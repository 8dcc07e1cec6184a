"""Editorial content: the blog, its posts, the buyer networks and the Author snippet."""

import datetime

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from blog.api_fields import AuthorSerializer, NetworkSummarySerializer, StreamHTMLSerializer, TagNamesSerializer
from blog.blocks import BodyBlock
from blog.converters import YearConverter  # noqa: F401 - registers <year:...> for the archive route
from dialog_moderation.models import CommentablePageMixin
from dialog_moderation.selectors import public_comment_counts

HERO_RENDITION = "fill-1200x630|format-webp"
CARD_RENDITION = "fill-600x315|format-webp"


def optional_image(verbose_name):
    """A link to an image from Wagtail's library that editors may leave empty; deleting the image empties it."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_snippet
class Author(models.Model):
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(
        _("role"), max_length=255, blank=True, help_text=_("For example “strategist focusing on innovation”.")
    )

    panels = [FieldPanel("name"), FieldPanel("role")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name


def paginate(request, items, per_page):
    """One page of items for ?sida=N; out-of-range or malformed numbers fall back instead of failing."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("sida", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class BlogIndexPage(RoutablePageMixin, Page):
    presentation_heading = models.CharField(_("heading of the presentation"), max_length=255, default=_("Presentation"))
    presentation = models.TextField(_("presentation"), blank=True)
    presentation_image = optional_image(_("presentation image"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("presentation_heading"), FieldPanel("presentation"), FieldPanel("presentation_image")],
            heading=_("Presentation"),
        )
    ]
    search_fields = Page.search_fields + [index.SearchField("presentation")]
    api_fields = [APIField("presentation_heading"), APIField("presentation")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("blog")
        verbose_name_plural = _("blogs")

    def posts(self):
        return BlogPostPage.objects.child_of(self).live().public().order_by("-date", "-pk")

    def listing(self, request, posts, **filters):
        tag = request.GET.get("tagg", "").strip()
        network_slug = request.GET.get("natverk", "").strip()
        network = None
        if tag:
            posts = posts.filter(tags__slug=tag)
        if network_slug:
            network = NetworkProfilePage.visible_to_all().filter(slug=network_slug).first()
            if network is None:
                raise Http404
            posts = posts.filter(networks=network)
        page_of_posts = paginate(request, BlogPostPage.with_listing_data(posts), settings.BLOG_POSTS_PER_PAGE)
        BlogPostPage.annotate_listing(page_of_posts.object_list)
        context = self.get_context(request)
        context.update(
            posts=page_of_posts,
            active_tag=tag,
            active_network=network,
            years=self.years(),
            tags=self.popular_tags(),
            networks=NetworkProfilePage.visible_to_all().order_by("title"),
            **filters,
        )
        return self.render(request, context_overrides=context)

    @path("")
    def index_route(self, request):
        return self.listing(request, self.posts())

    @path("arkiv/<year:year>/", name="year")
    def year_route(self, request, year):
        posts = self.posts().filter(date__year=year)
        if not posts.exists():
            raise Http404
        return self.listing(request, posts, archive_year=year)

    @path("feed/", name="feed")
    def feed_route(self, request):
        from blog.feeds import BlogFeed

        return BlogFeed(self)(request)

    def years(self):
        return sorted({d.year for d in self.posts().dates("date", "year")}, reverse=True)

    def popular_tags(self, limit=20):
        from taggit.models import Tag

        return (
            Tag.objects.filter(blog_blogposttag_items__content_object__in=self.posts())
            .annotate(num_posts=Count("blog_blogposttag_items"))
            .order_by("-num_posts", "name")[:limit]
        )


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPostPage", related_name="tagged_items", on_delete=models.CASCADE)


class BlogPostPage(CommentablePageMixin, Page):
    comment_publication_date_field = "date"  # MODERATION_CLOSE_AFTER_DAYS counts from the post's date

    date = models.DateField(_("publication date"), default=datetime.date.today)
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        help_text=_("Leave empty to sign the post with the blog's name."),
    )
    lead = models.TextField(_("lead"))
    hero_image = optional_image(_("main image"))
    hero_alt = models.CharField(
        _("alternative text for the main image"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image. Leave empty only if the image is pure decoration."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True, verbose_name=_("tags"))
    networks = ParentalManyToManyField(
        "blog.NetworkProfilePage", blank=True, related_name="posts", verbose_name=_("networks concerned")
    )
    allow_comments = models.BooleanField(_("allow comments"), default=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("author")], heading=_("Publishing")),
        FieldPanel("lead"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading=_("Main image")),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("networks")], heading=_("Topics and networks")),
        FieldPanel("allow_comments"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("date"),
        APIField("byline"),
        APIField("author", serializer=AuthorSerializer()),
        APIField("lead"),
        APIField("hero_image"),
        APIField("hero_alt"),
        APIField("hero_image_rendition", serializer=ImageRenditionField(HERO_RENDITION, source="hero_image")),
        APIField("body"),
        APIField("body_html", serializer=StreamHTMLSerializer(source="body")),
        APIField("tags", serializer=TagNamesSerializer()),
        APIField("networks", serializer=NetworkSummarySerializer(source="live_networks", many=True)),
        APIField("allow_comments"),
        APIField("comment_count"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog post")

    @classmethod
    def with_listing_data(cls, queryset):
        """Everything a list of posts renders, fetched in a fixed number of queries."""
        return queryset.select_related("author", "hero_image").prefetch_related(
            "tags", models.Prefetch("networks", queryset=NetworkProfilePage.visible_to_all().order_by("title"))
        )

    @staticmethod
    def annotate_listing(posts):
        """Give each post of a list its comment count and blog with two queries in all, not two per post."""
        posts = list(posts)
        counts = public_comment_counts(page_ids=[post.pk for post in posts])
        blogs = {blog.path: blog for blog in BlogIndexPage.objects.filter(path__in={p.path[: -Page.steplen] for p in posts})}
        for post in posts:
            post.__dict__["comment_count"] = counts.get(post.pk, 0)
            post.__dict__["blog"] = blogs.get(post.path[: -Page.steplen])

    @cached_property
    def comment_count(self) -> int:
        return public_comment_counts(page_ids=[self.pk]).get(self.pk, 0)

    @cached_property
    def blog(self):
        return BlogIndexPage.objects.ancestor_of(self).first()

    @property
    def byline(self) -> str:
        if self.author_id:
            return self.author.name
        return self.blog.title if self.blog else settings.WAGTAIL_SITE_NAME

    def live_networks(self):
        """The post's networks that any reader may see: live and without a view restriction (a restricted network
        is not named on a public post, in the API or in search). A listing's prefetch already holds only those."""
        networks = list(self.networks.all())
        if not networks or "networks" in getattr(self, "_prefetched_objects_cache", {}):
            return networks
        visible = set(NetworkProfilePage.visible_to_all().filter(pk__in=[network.pk for network in networks])
                      .values_list("pk", flat=True))
        return [network for network in networks if network.pk in visible]

    def related_posts(self, limit=3):
        # Read through .all(): in a preview the relations are modelcluster's in-memory querysets, without values_list.
        tag_ids = [tag.pk for tag in self.tags.all()]
        network_ids = [network.pk for network in self.networks.all()]
        if not tag_ids and not network_ids:
            return []
        shared = Q(tags__in=tag_ids) | Q(networks__in=network_ids)
        candidates = (
            BlogPostPage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .filter(shared)
            .annotate(
                overlap=Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
                + Count("networks", filter=Q(networks__in=network_ids), distinct=True)
            )
            .order_by("-overlap", "-date", "-pk")
        )
        related = list(BlogPostPage.with_listing_data(candidates)[:limit])
        BlogPostPage.annotate_listing(related)
        return related

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_posts"] = self.related_posts()
        return context


class NetworkIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["blog.NetworkProfilePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("network index")
        verbose_name_plural = _("network indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["networks"] = (
            NetworkProfilePage.objects.child_of(self).live().public().select_related("logo").order_by("title")
        )
        return context


class NetworkProfilePage(Page):
    acronym = models.CharField(_("acronym"), max_length=32, help_text=_("For example BeBo, BeLok or 4S."))
    description = RichTextField(_("description"), features=["bold", "italic", "link", "ul", "ol"])
    sector = models.CharField(_("sector or field"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation running the network"), max_length=255, blank=True)
    financing = models.TextField(_("funding"), blank=True)
    mandate = models.TextField(_("participants' mandate"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact person's email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = optional_image(_("logo"))
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )

    content_panels = Page.content_panels + [
        FieldPanel("acronym"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("sector"), FieldPanel("organisation"), FieldPanel("founded_year"), FieldPanel("website")],
            heading=_("Facts"),
        ),
        MultiFieldPanel([FieldPanel("financing"), FieldPanel("mandate")], heading=_("Funding and mandate")),
        MultiFieldPanel([FieldPanel("contact_person"), FieldPanel("contact_email")], heading=_("Contact")),
        FieldPanel("logo"),
        InlinePanel("members", label=_("Members")),
        InlinePanel("projects", label=_("Example projects")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("acronym", boost=3),
        index.SearchField("description"),
        index.SearchField("sector"),
    ]
    api_fields = [
        APIField("acronym"),
        APIField("description"),
        APIField("sector"),
        APIField("organisation"),
        APIField("financing"),
        APIField("mandate"),
        APIField("contact_person"),
        APIField("website"),
        APIField("logo"),
        APIField("logo_rendition", serializer=ImageRenditionField("max-400x200|format-webp", source="logo")),
        APIField("founded_year"),
        APIField("members"),
        APIField("projects"),
    ]

    parent_page_types = ["blog.NetworkIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("network profile")
        verbose_name_plural = _("network profiles")

    @classmethod
    def visible_to_all(cls):
        """Live networks without a view restriction on them or above them."""
        return cls.objects.live().public()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        posts = BlogPostPage.with_listing_data(
            BlogPostPage.objects.live().public().filter(networks=self).order_by("-date", "-pk")
        )
        context["posts"] = paginate(request, posts, settings.BLOG_POSTS_PER_PAGE)
        BlogPostPage.annotate_listing(context["posts"].object_list)
        return context


class NetworkMember(Orderable):
    network = ParentalKey(NetworkProfilePage, related_name="members", on_delete=models.CASCADE)
    organisation = models.CharField(_("organisation"), max_length=255)
    website = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("organisation"), FieldPanel("website")]
    api_fields = [APIField("organisation"), APIField("website")]

    class Meta(Orderable.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")


class NetworkProject(Orderable):
    network = ParentalKey(NetworkProfilePage, related_name="projects", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=255)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    description = models.TextField(_("short description"), blank=True)
    link = models.URLField(_("link"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("year"), FieldPanel("description"), FieldPanel("link")]
    api_fields = [APIField("name"), APIField("year"), APIField("description"), APIField("link")]

    class Meta(Orderable.Meta):
        verbose_name = _("example project")
        verbose_name_plural = _("example project")
