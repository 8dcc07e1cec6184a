from django import template

from dialog_moderation.forms import CommentForm
from dialog_moderation.selectors import comments_public_for
from dialog_moderation.services import max_thread_level

register = template.Library()


@register.inclusion_tag("dialog_moderation/includes/comments_section.html", takes_context=True)
def comments_section(context, page):
    """Approved comments of the page, oldest first and threaded, and the "Kommentera" form when comments are open."""
    request = context.get("request")
    form = getattr(request, "comment_form", None) or CommentForm(page=page)
    reply_to = None
    if request is not None and not form.is_bound:
        reply_to = _public_id(request.GET.get("svara"))
        if reply_to is not None:
            form.initial["parent"] = str(reply_to)
    threads = comments_public_for(page=page)
    if reply_to is None and form.is_bound:
        reply_to = _public_id(form.data.get("parent"))
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


def _public_id(value) -> int | None:
    """A comment's public id as readers send it (`?svara=`, the form's `parent`), or None."""
    value = str(value or "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 20 else None


def _find(nodes, public_id):
    for node in nodes:
        if node["comment"].moderation.public_id == public_id:
            return node["comment"]
        found = _find(node["children"], public_id)
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
