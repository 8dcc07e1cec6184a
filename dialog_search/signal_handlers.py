"""Page events hand off to the index task queue; nothing else happens here.

The database task backend inserts the task row in the transaction that changes the page, so the
task exists exactly when the change is committed.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, pre_page_move

from dialog_search import conf, registry, services
from dialog_search.tasks import sync_pages_task


def _enqueue(page_ids):
    if conf.enabled() and page_ids:
        sync_pages_task.enqueue(page_ids=list(page_ids))


def on_publish_or_unpublish(sender, instance, **kwargs):
    _enqueue(services.pages_affected_by(instance))


def on_delete(sender, instance, **kwargs):
    """Before the row goes, while the pages that name it can still be found."""
    registration = registry.registration_for(type(instance))
    _enqueue([instance.pk, *(registration.dependents(instance) if registration else ())])


def on_tree_change(sender, instance, **kwargs):
    """Moves and slug changes change the URLs of the page and everything below it.

    Wagtail sends post_page_move after the move's own transaction, so the move also enqueues before it
    starts (pre_page_move): a crash between the two cannot lose the work; the task is idempotent.
    """
    _enqueue(services.pages_affected_by(instance))


def on_view_restriction_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _enqueue(services.pages_affected_by(page))


def connect() -> None:
    for model in registry.indexed_models():
        page_published.connect(on_publish_or_unpublish, sender=model, dispatch_uid=f"search-publish-{model.__name__}")
        page_unpublished.connect(on_publish_or_unpublish, sender=model,
                                 dispatch_uid=f"search-unpublish-{model.__name__}")
        pre_delete.connect(on_delete, sender=model, dispatch_uid=f"search-delete-{model.__name__}")
    pre_page_move.connect(on_tree_change, dispatch_uid="search-pre-move")
    post_page_move.connect(on_tree_change, dispatch_uid="search-move")
    page_slug_changed.connect(on_tree_change, dispatch_uid="search-slug")
    post_save.connect(on_view_restriction_change, sender=PageViewRestriction, dispatch_uid="search-restriction-save")
    post_delete.connect(on_view_restriction_change, sender=PageViewRestriction,
                        dispatch_uid="search-restriction-delete")
