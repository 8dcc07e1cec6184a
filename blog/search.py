"""How the blog's pages become search documents: registered with the search app (named in SEARCH_REGISTRY_MODULES).

Two kinds, each in its own index: posts and network profiles; one facet of the site's own, the buyer networks
(?network=<slug>), whose labels (acronyms) are searchable text too.

Comments are never part of a document: only the post's own text is indexed, so no unapproved
comment can surface in search.
"""

import logging
from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from wagtail.images.models import SourceImageIOError
from wagtail.rich_text import get_text_for_indexing

from blog.models import CARD_RENDITION, BlogPostPage, BlogPostTag, NetworkProfilePage
from dialog_search.registry import SearchSource, register, register_facet

logger = logging.getLogger(__name__)


def card_image_url(post: BlogPostPage) -> str:
    if not post.hero_image_id:
        return ""
    try:
        return post.hero_image.get_rendition(CARD_RENDITION).url
    except SourceImageIOError:
        logger.warning("Post %s: the hero image file is missing; indexed without an image.", post.pk)
        return ""


def post_sources(posts: list[BlogPostPage]) -> list[SearchSource]:
    """The sources of many posts: their tags and networks come from two queries for the whole batch
    (plain rows, no page objects built for the networks). Only networks any reader may see are named."""
    ids = [post.pk for post in posts]
    tags, networks = defaultdict(list), defaultdict(list)
    for post_id, name in (BlogPostTag.objects.filter(content_object_id__in=ids).order_by("tag__name")
                          .values_list("content_object_id", "tag__name")):
        tags[post_id].append(name)
    links = (BlogPostPage.networks.through.objects
             .filter(blogpostpage_id__in=ids, networkprofilepage__in=NetworkProfilePage.visible_to_all())
             .order_by("networkprofilepage__path")
             .values_list("blogpostpage_id", "networkprofilepage__slug", "networkprofilepage__title",
                          "networkprofilepage__acronym"))
    for post_id, slug, title, acronym in links:
        networks[post_id].append((slug, title, acronym))
    return [_post_source(post, tags[post.pk], networks[post.pk]) for post in posts]


def _post_source(post: BlogPostPage, tags: list[str], networks: list[tuple[str, str, str]]) -> SearchSource:
    body = post.body.stream_block.get_searchable_content(post.body) if post.body else []
    return SearchSource(
        title=post.title,
        url=post.get_url() or "",
        lead=post.lead,
        body="\n".join(text for text in body if text),
        author=post.author.name if post.author_id else "",
        tags=tags,
        facets={"networks": [(slug, acronym or title) for slug, title, acronym in networks]},
        keywords=[acronym for _slug, _title, acronym in networks if acronym],
        date=post.date,
        image_url=card_image_url(post),
    )


def profile_source(profile: NetworkProfilePage) -> SearchSource:
    projects = [" ".join(filter(None, [project.name, str(project.year or ""), project.description]))
                for project in profile.projects.all()]
    members = [member.organisation for member in profile.members.all()]
    return SearchSource(
        title=profile.title,
        url=profile.get_url() or "",
        lead=get_text_for_indexing(profile.description),
        body="\n".join([profile.sector, profile.organisation, profile.financing, profile.mandate, *members, *projects]),
        keywords=[profile.acronym] if profile.acronym else [],
        facets={"networks": [(profile.slug, profile.acronym or profile.title)]},
        date=None,
    )


def prepare_posts(queryset):
    return queryset.select_related("author", "hero_image")


def posts_naming(profile: NetworkProfilePage) -> list[int]:
    return list(BlogPostPage.objects.filter(networks=profile).values_list("pk", flat=True))


register_facet("networks", param="network", label=_("Networks"), size=50, labelled=True, boost=2)
register(BlogPostPage, kind="post", label=_("Post"), to_sources=post_sources, prepare=prepare_posts)
register(
    NetworkProfilePage,
    kind="profile",
    label=_("Network"),
    label_suggestions=True,
    to_source=profile_source,
    prepare=lambda queryset: queryset.prefetch_related("projects", "members"),
    dependents=posts_naming,
)
