from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_comments_xtd.models import XtdComment
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from dialog_moderation.bulk_actions import ApproveBulkAction, RejectBulkAction, SpamBulkAction
from dialog_moderation.models import CommentLogEntry, ModeratorScope
from dialog_moderation.selectors import can_moderate, moderations_for, pending_count_for
from dialog_moderation.viewsets import CommentModerationViewSet, OldestPendingPanel


class PendingCommentsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        pending = pending_count_for(user=request.user)
        if pending:
            component.label = f"{self.label} ({pending})"
            component.attrs = {**component.attrs, "data-pending-comments": str(pending)}
        return component


@hooks.register("register_admin_viewset")
def register_moderation_viewset():
    return CommentModerationViewSet()


for bulk_action in (ApproveBulkAction, RejectBulkAction, SpamBulkAction):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_permissions")
def register_moderate_permission():
    """So Wagtail's group editor (/admin/groups/<id>/) lists and grants "Can moderate comments"."""
    return Permission.objects.filter(content_type__app_label="dialog_moderation", codename="moderate_comments")


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return PendingCommentsMenuItem(
        gettext_lazy("Comments"), reverse("moderation:queue"), name="kommentarer", icon_name="comment", order=250
    )


@hooks.register("construct_homepage_panels")
def add_oldest_pending_panel(request, panels):
    if can_moderate(request.user):
        panels.append(OldestPendingPanel(user=request.user))


@hooks.register("register_log_actions")
def register_comment_log_actions(actions):
    # Decisions go to moderation's own log model, not Wagtail's page or model log: the site history shows them
    # only to moderators, scoped (CommentLogEntryManager.viewable_by_user).
    actions.register_model(XtdComment, CommentLogEntry)
    actions.register_action("moderation.comment.approve", _("Approve comment"), _("Comment approved"))
    actions.register_action("moderation.comment.reject", _("Reject comment"), _("Comment rejected"))
    actions.register_action("moderation.comment.spam", _("Mark comment as spam"), _("Comment marked as spam"))
    actions.register_action("moderation.comment.reopen", _("Return comment to review"), _("Comment returned to review"))
    actions.register_action("moderation.comment.reply", _("Reply to comment"), _("Reply from the editors published"))
    actions.register_action("moderation.commenter.erase", _("Erase the sender's personal data"),
                            _("Sender's personal data erased"))


class CommentAdminURLFinder(ModelAdminURLFinder):
    """Links a comment's entries in the site history to its detail view, for moderators whose scope holds it."""

    def get_edit_url(self, instance):
        if self.user is None or not moderations_for(user=self.user).filter(comment_id=instance.pk).exists():
            return None
        return reverse("moderation:detail", args=[instance.pk])


register_admin_url_finder(XtdComment, CommentAdminURLFinder)
register_snippet(ModeratorScope)
