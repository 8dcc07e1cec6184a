"""The Wagtail admin UI for moderators: the queue at /admin/moderation/, a comment's detail page and bulk decisions."""

from typing import NamedTuple

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from dialog_moderation import selectors, services
from dialog_moderation.inputs import DatabaseIdListField, InputError, StrictInputMixin
from dialog_moderation.models import CommentPolicySettings, CommentState

QUEUE_PAGE_SIZE = 50
QUEUE_SEARCH_MAX_LENGTH = 200  # a filter: longer is refused, never cut (a cut filter would match other rows)
ACTION_LABELS = {"approve": gettext_lazy("Godkänn"), "reject": gettext_lazy("Avvisa"), "spam": gettext_lazy("Markera som skräppost")}
ACTION_KEYS = {"approve": "a", "reject": "d", "spam": "s"}


class Shortcut(NamedTuple):
    key: str  # as Mousetrap (Wagtail's w-kbd) and aria-keyshortcuts spell it
    command: str  # the moderation-queue Stimulus controller's method the key's button calls ("help": Wagtail's dialog)
    label: str


# The queue's keyboard shortcuts, in the order of the legend. The keys act on the current row; Enter and space do
# the same as o and x while the row itself has focus.
QUEUE_SHORTCUTS = [
    Shortcut("j", "next", gettext_lazy("Nästa kommentar")),
    Shortcut("k", "previous", gettext_lazy("Föregående kommentar")),
    Shortcut(ACTION_KEYS["approve"], "approve", ACTION_LABELS["approve"]),
    Shortcut(ACTION_KEYS["reject"], "reject", ACTION_LABELS["reject"]),
    Shortcut(ACTION_KEYS["spam"], "spam", ACTION_LABELS["spam"]),
    Shortcut("r", "reply", gettext_lazy("Svara")),
    Shortcut("o", "open", gettext_lazy("Öppna")),
    Shortcut("x", "select", gettext_lazy("Välj för massåtgärd")),
    Shortcut("?", "help", gettext_lazy("Visa alla kortkommandon")),
]


def _next_url(request, default: str) -> str:
    """Where to go after a POST: the form's own page when it is on this site, otherwise ``default``."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return next_url
    return default


class QueueFilterForm(StrictInputMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("Sök"), required=False, max_length=QUEUE_SEARCH_MAX_LENGTH)
    state = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False,
        choices=[("pending", gettext_lazy("Väntar")), ("approved", gettext_lazy("Godkänd")),
                 ("rejected", gettext_lazy("Avvisad")), ("spam", gettext_lazy("Skräppost")), ("all", gettext_lazy("Alla"))],
    )
    page = forms.TypedChoiceField(label=gettext_lazy("Inlägg"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label=gettext_lazy("Från datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("Till datum"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    flagged = forms.ChoiceField(
        label=gettext_lazy("Första granskningen"), required=False,
        choices=[("", gettext_lazy("Alla")), ("1", gettext_lazy("Flaggade")), ("0", gettext_lazy("Inte flaggade"))],
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Sortering"), required=False,
        choices=[("oldest", gettext_lazy("Äldst först")), ("newest", gettext_lazy("Nyast först")),
                 ("post", gettext_lazy("Inlägg")), ("state", gettext_lazy("Status"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # One index probe per page rather than a DISTINCT over every comment.
        pages = Page.objects.filter(
            Exists(selectors.moderations_for(user=user).filter(page_id=OuterRef("pk")))
        ).order_by("title").values_list("pk", "title")
        self.fields["page"].choices = [("", _("Alla inlägg"))] + list(pages)


class DecisionForm(StrictInputMixin, forms.Form):
    action = forms.ChoiceField(choices=list(ACTION_LABELS.items()))
    policy_reason = forms.ChoiceField(label=gettext_lazy("Skäl enligt kommentarspolicyn"), required=False)
    reason = forms.CharField(label=gettext_lazy("Eget skäl"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reasons = CommentPolicySettings.load().reason_list()
        self.fields["policy_reason"].choices = [("", _("Inget valt"))] + [(r, r) for r in reasons]

    def reason_text(self) -> str:
        parts = [self.cleaned_data.get("policy_reason"), self.cleaned_data.get("reason", "").strip()]
        return ": ".join(part for part in parts if part)


class ReplyForm(StrictInputMixin, forms.Form):
    text = forms.CharField(label=gettext_lazy("Svar från redaktionen"), widget=forms.Textarea(attrs={"rows": 4}))


class ModeratorRequiredMixin:
    """A plain 403 for admin users without the permission (Wagtail would turn PermissionDenied into a redirect)."""

    def dispatch(self, request, *args, **kwargs):
        if not selectors.can_moderate(request.user):
            return TemplateResponse(request, "dialog_moderation/admin/forbidden.html", {}, status=403)
        return super().dispatch(request, *args, **kwargs)


class QueueView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "dialog_moderation/admin/queue.html"
    page_title = gettext_lazy("Kommentarer")
    header_icon = "comment"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = QueueFilterForm(self.request.GET or None, user=self.request.user)
        refused = form.is_bound and not form.is_valid()
        queryset = selectors.queue_for(user=self.request.user, filters=form.cleaned_data if form.is_bound else {})
        if refused:  # the queue is shown again with the filter's errors (a 400), and nothing it would have matched
            queryset = queryset.none()
        paginator = Paginator(queryset, QUEUE_PAGE_SIZE)
        page_of_rows = paginator.get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            filter_form=form,
            rows=page_of_rows,
            paginator=paginator,
            query_string=query.urlencode(),
            decision_form=DecisionForm(),
            action_labels=ACTION_LABELS,
            row_actions=[(action, label, ACTION_KEYS[action]) for action, label in ACTION_LABELS.items()],
            shortcuts=QUEUE_SHORTCUTS,
            next_url=self.request.get_full_path(),
            filters_refused=refused,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if context.get("filters_refused"):
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


class DetailView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "dialog_moderation/admin/detail.html"
    header_icon = "comment"

    def get_moderation(self):
        moderation = (
            selectors.moderations_for(user=self.request.user)
            .select_related("comment", "page")
            .filter(comment_id=self.kwargs["comment_id"])
            .first()
        )
        if moderation is None:
            raise Http404
        return moderation

    def get_page_title(self):
        return _("Kommentar #%(id)s") % {"id": self.kwargs["comment_id"]}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("moderation:queue"), "label": _("Kommentarer")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        moderation = self.get_moderation()
        comment = moderation.comment
        context.update(
            moderation=moderation,
            comment=comment,
            thread=selectors.thread_for(comment=comment),
            history=comment.decisions.select_related("actor").order_by("created_at", "pk"),
            sender_history=selectors.sender_history(moderation=moderation, user=self.request.user),
            decision_form=kwargs.get("decision_form") or DecisionForm(),
            reply_form=kwargs.get("reply_form") or ReplyForm(),
            action_labels=ACTION_LABELS,
            can_reply=moderation.state == CommentState.APPROVED,
        )
        return context

    def post(self, request, *args, **kwargs):
        moderation = self.get_moderation()
        if "reply" in request.POST:
            reply_form = ReplyForm(request.POST)
            if reply_form.is_valid():
                try:
                    reply = services.comment_reply_as_staff(
                        parent=moderation.comment, by=request.user, text=reply_form.cleaned_data["text"])
                except services.CommentSubmissionError as error:
                    reply_form.add_error("text", error.message)
                else:
                    messages.success(request, _("Svaret på kommentar #%(id)s är publicerat.") % {"id": moderation.comment_id})
                    return redirect(_next_url(request, reverse("moderation:detail", args=[reply.pk])))
            return self.render_to_response(self.get_context_data(reply_form=reply_form), status=400)
        decision_form = DecisionForm(request.POST)
        if not decision_form.is_valid():
            return self.render_to_response(self.get_context_data(decision_form=decision_form), status=400)
        action = decision_form.cleaned_data["action"]
        decision = services.DECIDERS[action](comment=moderation.comment, by=request.user,
                                             reason=decision_form.reason_text())
        messages.success(request, _("Kommentar #%(id)s: %(state)s.") % {
            "id": moderation.comment_id, "state": CommentState(decision.to_state).label})
        return redirect(_next_url(request, reverse("moderation:detail", args=[moderation.comment_id])))


class BulkActionView(ModeratorRequiredMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        id_field = DatabaseIdListField(required=False)
        try:
            ids = id_field.clean(request.POST.getlist("ids"))
        except forms.ValidationError as error:
            raise InputError(" ".join(error.messages))  # the admin's 400 page (the host's handler400)
        next_url = _next_url(request, reverse("moderation:queue"))
        if not form.is_valid() or not ids:
            messages.error(request, _("Välj minst en kommentar och en åtgärd."))
            return redirect(next_url)
        action = form.cleaned_data["action"]
        moderations = selectors.moderations_for(user=request.user).filter(comment_id__in=ids).select_related("comment")
        done = 0
        for moderation in moderations:
            services.DECIDERS[action](comment=moderation.comment, by=request.user, reason=form.reason_text())
            done += 1
        messages.success(request, ngettext("%(count)s kommentar: %(action)s.", "%(count)s kommentarer: %(action)s.", done)
                         % {"count": done, "action": ACTION_LABELS[action]})
        return redirect(next_url)


class CommentModerationViewSet(ViewSet):
    name = "moderation"
    icon = "comment"
    menu_label = gettext_lazy("Kommentarer")
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [
            path("", QueueView.as_view(), name="queue"),
            path("bulk/", BulkActionView.as_view(), name="bulk"),
            path("<dbid:comment_id>/", DetailView.as_view(), name="detail"),
        ]


class OldestPendingPanel(Component):
    name = "moderation_oldest_pending"
    template_name = "dialog_moderation/admin/oldest_pending_panel.html"
    order = 90

    def __init__(self, *, user):
        self.user = user

    def get_context_data(self, parent_context):
        from django.utils import timezone

        oldest = selectors.oldest_pending_for(user=self.user)
        return {
            "oldest": oldest,
            "age": (timezone.now() - oldest.submitted_at) if oldest else None,
            "pending": selectors.pending_count_for(user=self.user),
            "queue_url": reverse("moderation:queue"),
        }
