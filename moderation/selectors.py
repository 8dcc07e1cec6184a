"""Reads about comments that more than one caller needs. Only approved (public) comments are ever counted."""

from django.db.models import Count
from django_comments_xtd.models import XtdComment


def public_comments():
    return XtdComment.objects.filter(is_public=True, is_removed=False)


def public_comment_counts(*, page_ids: list[int]) -> dict[int, int]:
    """Approved comments per page id, in one query whatever the number of pages."""
    if not page_ids:
        return {}
    rows = (
        public_comments()
        .filter(object_pk__in=[str(pk) for pk in page_ids])
        .values("object_pk")
        .annotate(total=Count("pk"))
    )
    return {int(row["object_pk"]): row["total"] for row in rows}
