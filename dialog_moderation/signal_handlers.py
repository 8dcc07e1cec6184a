"""A deleted page takes its comments with it: the moderation rows cascade from the page, and the comment rows
(django-comments-xtd keeps a generic relation, which does not cascade) are deleted here, so no name, email or
text stays behind without a page."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from django_comments_xtd.models import XtdComment
from wagtail.models import Page


@receiver(post_delete, dispatch_uid="moderation.delete_comments_of_deleted_page")
def delete_comments_of_deleted_page(sender, instance, **kwargs):
    if isinstance(instance, Page):
        XtdComment.objects.filter(content_type_id=instance.content_type_id, object_pk=str(instance.pk)).delete()
