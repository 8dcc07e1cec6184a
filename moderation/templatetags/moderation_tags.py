from django import template

from moderation.forms import CommentForm
from moderation.selectors import comments_public_for
from moderation.services import max_thread_level

register = template.Library()


@register.inclusion_tag("moderation/includes/comments_section.html", takes_context=True)
def comments_section(context, page):
    """Approved comments of the page, oldest first and threaded, and the "Kommentera" form when comments are open."""
    request = context.get("request")
    form = getattr(request, "comment_form", None) or CommentForm(page=page)
    reply_to = None
    if request is not None and not form.is_bound and request.GET.get("svara", "").isdigit():
        form.initial["parent"] = request.GET["svara"]
        reply_to = int(request.GET["svara"])
    threads = comments_public_for(page=page)
    if reply_to is None and form.is_bound and str(form.data.get("parent", "")).isdigit():
        reply_to = int(form.data["parent"])
    return {
        "page": page,
        "reply_target": _find(threads, reply_to),
        "threads": threads,
        "events": list(_flatten(threads)),
        "form": form,
        "open": page.comments_open,
        "closing_date": page.comments_closing_date(),
        "outcome": request.GET.get("kommentar") if request is not None else None,
        "reply_to": reply_to,
        "max_level": max_thread_level(),
        "request": request,
    }


def _find(nodes, comment_id):
    for node in nodes:
        if node["comment"].pk == comment_id:
            return node["comment"]
        found = _find(node["children"], comment_id)
        if found is not None:
            return found
    return None


def _flatten(nodes):
    """The thread as a flat run of events, so the template renders it in one loop instead of one include per comment:
    ("item", comment, has_children) opens a comment (and its reply list when it has replies); ("end",) closes both."""
    for node in nodes:
        yield {"kind": "item", "comment": node["comment"], "has_children": bool(node["children"])}
        if node["children"]:
            yield from _flatten(node["children"])
            yield {"kind": "end"}
