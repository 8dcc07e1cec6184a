"""What the load test does through Django itself, in a `manage.py shell -c` subprocess with the server's
environment: editors publishing and unpublishing, and reading the stored comments back. Each prints one JSON line."""

import json
import re

from blog.models import BlogIndexPage, BlogPostPage
from django_comments_xtd.models import XtdComment


def post_publish(*, title: str, lead: str) -> None:
    blog = BlogIndexPage.objects.get(slug="blogg")
    post = BlogPostPage(title=title, lead=lead)
    blog.add_child(instance=post)
    post.save_revision().publish()
    print(json.dumps({"id": post.pk, "slug": post.slug}))


def post_unpublish(*, slug: str) -> None:
    post = BlogPostPage.objects.get(slug=slug)
    post.unpublish()
    print(json.dumps({"id": post.pk, "live": BlogPostPage.objects.get(pk=post.pk).live}))


def comments_by_marker(*, prefix: str) -> None:
    """{marker: [state, …]} for every stored comment whose text carries a marker of this run."""
    found: dict[str, list[str]] = {}
    pattern = re.compile(rf"\b{re.escape(prefix)}\w+")
    rows = XtdComment.objects.filter(comment__contains=prefix).values_list("comment", "moderation__state")
    for text, state in rows:
        for marker in pattern.findall(text):
            found.setdefault(marker, []).append(state or "no moderation row")
    print(json.dumps(found))
