"""Approve, reject and mark as spam as Wagtail bulk actions on the queue (registered in wagtail_hooks with
``register_bulk_action``): /admin/bulk/dialog_moderation/commentmoderation/<approve|reject|spam>/?id=<comment id>…

GET shows Wagtail's confirmation page (the comments, and the policy reason and own reason to record); POST decides
through dialog_moderation.services, one decision per comment, each logged. The ids are comment ids (as in the queue
and the detail URLs), and only comments in the moderator's scope are ever acted on: the others are not looked up at
all (moderations_for), so an id outside the scope is neither decided nor disclosed.
"""

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.bulk_action import BulkAction

from dialog_moderation import selectors, services
from dialog_moderation.inputs import DatabaseIdListField, InputError, StrictInputMixin
from dialog_moderation.models import CommentModeration, CommentPolicySettings


class DecisionReasonForm(StrictInputMixin, forms.Form):
    """The reasons the queue's decisions have always offered: one of the policy's reasons, an own reason, or both."""

    policy_reason = forms.ChoiceField(label=gettext_lazy("Reason under the comment policy"), required=False)
    reason = forms.CharField(label=gettext_lazy("Own reason"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reasons = CommentPolicySettings.load().reason_list()
        self.fields["policy_reason"].choices = [("", _("None chosen"))] + [(r, r) for r in reasons]

    def reason_text(self) -> str:
        parts = [self.cleaned_data.get("policy_reason"), self.cleaned_data.get("reason", "").strip()]
        return ": ".join(part for part in parts if part)


class CommentDecisionBulkAction(BulkAction):
    """One decision (``decider`` in services.DECIDERS) on the selected comments."""

    decider = None
    form_class = DecisionReasonForm
    template_name = "dialog_moderation/admin/bulk/confirm.html"

    @classproperty
    def models(cls):
        return [CommentModeration]

    def __init__(self, request, model):
        super().__init__(request, model)
        if not get_valid_next_url_from_request(request):  # back to the queue, not to this page (Wagtail's default)
            self.next_url = reverse("moderation:queue")

    def dispatch(self, request, *args, **kwargs):
        if not selectors.can_moderate(request.user):
            return TemplateResponse(request, "dialog_moderation/admin/forbidden.html", {}, status=403)
        return super().dispatch(request, *args, **kwargs)

    def selected_ids(self) -> list[int]:
        # "all" (Wagtail's "select all in listing") is not offered by the queue: it would act on comments the
        # moderator has not seen under the current filters. Anything that is not a database id is a 400.
        try:
            return DatabaseIdListField(required=False).clean(self.request.GET.getlist("id"))
        except forms.ValidationError as error:
            raise InputError(" ".join(error.messages))

    def get_actionable_objects(self):
        moderations = (selectors.moderations_for(user=self.request.user)
                       .filter(comment_id__in=self.selected_ids()).select_related("comment", "page")
                       .order_by("submitted_at", "pk"))
        return list(moderations), {"items_with_no_access": []}

    def prepare_action(self, objects, objects_without_access):
        if not objects:
            messages.error(self.request, _("Select at least one comment and an action."))
            return redirect(self.next_url)

    def get_execution_context(self):
        return {"by": self.request.user, "reason": self.cleaned_form.reason_text()}

    @classmethod
    def execute_action(cls, objects, by=None, reason="", **kwargs):
        for moderation in objects:
            services.DECIDERS[cls.action_type](comment=moderation.comment, by=by, reason=reason)
        return len(objects), 0

    def object_context(self, obj):
        return {"item": obj}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(header_icon="comment", action_label=self.display_name)
        return context

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)s comment: %(action)s.", "%(count)s comments: %(action)s.", num_parent_objects) % {
            "count": num_parent_objects, "action": self.display_name}


class ApproveBulkAction(CommentDecisionBulkAction):
    display_name = gettext_lazy("Approve")
    action_type = "approve"
    aria_label = gettext_lazy("Approve the selected comments")
    action_priority = 10


class RejectBulkAction(CommentDecisionBulkAction):
    display_name = gettext_lazy("Reject")
    action_type = "reject"
    aria_label = gettext_lazy("Reject the selected comments")
    action_priority = 20


class SpamBulkAction(CommentDecisionBulkAction):
    display_name = gettext_lazy("Mark as spam")
    action_type = "spam"
    aria_label = gettext_lazy("Mark the selected comments as spam")
    action_priority = 30
    classes = {"serious"}
