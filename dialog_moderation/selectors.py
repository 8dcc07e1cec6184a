"""Reads about comments that more than one caller needs. Only approved (public) comments are ever counted or shown."""

from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Q
from django_comments_xtd.models import XtdComment
from wagtail.models import Page, Site

from dialog_moderation.conf import setting
from dialog_moderation.inputs import MAX_DATABASE_ID

MODERATE_PERMISSION = "dialog_moderation.moderate_comments"


def public_comments():
    return XtdComment.objects.filter(is_public=True, is_removed=False)


def public_comment_counts(*, page_ids: list[int]) -> dict[int, int]:
    """Approved comments per page id, in one query whatever the number of pages."""
    if not page_ids:
        return {}
    rows = (
        public_comments()
        .filter(object_pk__in=[str(pk) for pk in page_ids])
        .order_by()  # xtd's manager orders by thread and position, which would split the groups
        .values("object_pk")
        .annotate(total=Count("pk"))
    )
    return {int(row["object_pk"]): row["total"] for row in rows}


def is_commentable(page) -> bool:
    from dialog_moderation.models import CommentablePageMixin

    if isinstance(page, CommentablePageMixin):
        return True
    return page._meta.label in set(setting("COMMENTABLE_MODELS")) and hasattr(page, "allow_comments")


def reader_may_view(*, request, page) -> bool:
    """Whether the reader behind ``request`` may see ``page`` exactly as Wagtail's page view decides: the page is
    live, belongs to the request's site and every view restriction on it or above it (password, login, groups)
    accepts the request."""
    if page is None or not page.live:
        return False
    site = Site.find_for_request(request)
    if site is None or not page.path.startswith(site.root_page.path):
        return False
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def page_for_reader(*, request, page_id):
    """The live page with this id (specific) when the reader may see it on this site, otherwise None."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError, OverflowError):
        return None
    if not 0 < page_id <= MAX_DATABASE_ID:  # beyond it the query itself would fail
        return None
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None or not reader_may_view(request=request, page=page):
        return None
    return page.specific


def commentable_page_for_reader(*, request, page_id):
    """The page when the reader may see it and it takes comments (open or closed), otherwise None."""
    page = page_for_reader(request=request, page_id=page_id)
    return page if page is not None and is_commentable(page) else None


def comments_public_for(*, page) -> list[dict]:
    """The approved comments of a page as a thread, oldest thread first, in one query.

    Returns [{"comment": XtdComment, "children": [...]}]. A reply whose parent is no longer public is shown at the
    top level rather than hidden, so what is counted is what is shown.
    """
    rows = list(
        XtdComment.norel_objects.filter(object_pk=str(page.pk), is_public=True, is_removed=False)
        .select_related("moderation")
        .order_by("thread_id", "order")
    )
    nodes = {row.pk: {"comment": row, "children": []} for row in rows}
    roots = []
    for row in rows:
        parent = nodes.get(row.parent_id) if row.parent_id != row.pk else None
        (parent["children"] if parent else roots).append(nodes[row.pk])
    roots.sort(key=lambda node: (node["comment"].submit_date, node["comment"].pk))
    return roots


def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(MODERATE_PERMISSION))


def _moderate_permission():
    return Permission.objects.get(content_type__app_label="dialog_moderation", codename="moderate_comments")


def scope_paths_for(user) -> list[str] | None:
    """Tree paths whose comments the user may moderate; None for every comment, [] for none (fail closed).

    Superusers and users given the permission directly (not through a group) see every comment. Through groups,
    only the groups' scopes count: a whole-site scope sees everything, a scope with a root sees that subtree, and a
    group without scopes, or whose roots were all deleted, adds nothing.
    """
    if not can_moderate(user):
        return []
    if user.is_superuser:
        return None
    if user.user_permissions.filter(codename="moderate_comments", content_type__app_label="dialog_moderation").exists():
        return None
    ModeratorScope = apps.get_model("dialog_moderation", "ModeratorScope")
    scopes = ModeratorScope.objects.filter(
        group__user=user, group__permissions__codename="moderate_comments",
        group__permissions__content_type__app_label="dialog_moderation",
    ).values_list("whole_site", "root__path")
    paths = set()
    for whole_site, path in scopes:
        if whole_site:
            return None
        if path:
            paths.add(path)
    return sorted(paths)


def scope_filter(paths: list[str] | None, prefix: str = "page__") -> Q:
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in paths))


def moderations_for(*, user):
    from dialog_moderation.models import CommentModeration

    return CommentModeration.objects.filter(scope_filter(scope_paths_for(user)))


SORTS = {
    "oldest": ("submitted_at", "pk"),
    "newest": ("-submitted_at", "-pk"),
    "post": ("page__title", "submitted_at", "pk"),
    "state": ("state", "submitted_at", "pk"),
}


def queue_for(*, user, filters: dict):
    """The moderation queue a user may see, narrowed by the queue's filters. Each row brings its comment and page."""
    queryset = moderations_for(user=user).filter(awaits_confirmation=False).select_related("comment", "page")
    from dialog_moderation.models import CommentState

    state = filters.get("state") or "pending"
    if state not in (*CommentState.values, "all"):
        return queryset.none()  # an unknown state matches nothing (and never reaches the database)
    if state != "all":
        queryset = queryset.filter(state=state)
    if filters.get("page"):
        queryset = queryset.filter(page_id=filters["page"])
    if filters.get("date_from"):
        queryset = queryset.filter(submitted_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(submitted_at__date__lte=filters["date_to"])
    if filters.get("flagged") in (True, "1", "yes"):
        queryset = queryset.filter(flagged=True)
    elif filters.get("flagged") in (False, "0", "no"):
        queryset = queryset.filter(flagged=False)
    query = (filters.get("q") or "").replace("\x00", "").strip()  # PostgreSQL refuses NUL in text
    if query:
        queryset = queryset.filter(
            Q(comment__comment__icontains=query) | Q(comment__user_name__icontains=query)
            | Q(comment__user_email__icontains=query)
        )
    return queryset.order_by(*SORTS.get(filters.get("sort") or "oldest", SORTS["oldest"]))


def pending_count_for(*, user) -> int:
    return queue_for(user=user, filters={"state": "pending"}).count()


def oldest_pending_for(*, user):
    return queue_for(user=user, filters={"state": "pending", "sort": "oldest"}).first()


def sender_history(*, moderation, user, limit: int = 20):
    """The sender's other comments with their outcomes (by normalised email), within what ``user`` may moderate."""
    if not moderation.sender_key:
        return []
    return list(
        moderations_for(user=user).filter(sender_key=moderation.sender_key)
        .exclude(pk=moderation.pk)
        .select_related("comment", "page")
        .order_by("-submitted_at")[:limit]
    )


def thread_for(*, comment):
    """Every comment of the thread with its moderation state, in thread order (for moderators only)."""
    return list(
        XtdComment.norel_objects.filter(thread_id=comment.thread_id).select_related("moderation").order_by("order")
    )


def moderators_to_notify():
    """Active users holding the moderate permission (through a group or directly), with an email address.
    Each is mailed only about the comments in their scope (scope_paths_for)."""
    User = get_user_model()
    try:
        permission = _moderate_permission()
    except Permission.DoesNotExist:
        return User.objects.none()
    return (User.objects.filter(Q(groups__permissions=permission) | Q(user_permissions=permission), is_active=True)
            .exclude(email="").distinct())


