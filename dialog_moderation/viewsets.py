"""The Wagtail admin UI for moderators: the queue at /admin/moderation/, a comment's detail page, and the queue's
decisions as Wagtail bulk actions (dialog_moderation.bulk_actions).

The queue is Wagtail's generic ``IndexView`` on ``CommentModeration`` (not ``XtdComment``): the moderation row holds
everything the queue filters and orders by (state, page, submitted_at, flags) with indexes for exactly that, and
every row of it is a comment that went through moderation, so the listing needs no join to find out what to show.
The listing's object id is still the comment's id (``comment_id``), the id moderators see everywhere (detail URLs,
the site history, e-mails), so the bulk actions, the row forms and the detail view all speak of the same number.
"""

from typing import NamedTuple

import django_filters
from django import forms
from django.contrib import messages
from django.core.validators import MaxLengthValidator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BaseColumn, BulkActionsCheckboxColumn, Column, DateColumn, Table
from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page

from dialog_moderation import selectors, services
from dialog_moderation.bulk_actions import DecisionReasonForm
from dialog_moderation.inputs import StrictInputMixin
from dialog_moderation.models import CommentModeration, CommentState

QUEUE_PAGE_SIZE = 50
QUEUE_SEARCH_MAX_LENGTH = 200  # a filter: longer is refused, never cut (a cut filter would match other rows)
ACTION_LABELS = {"approve": gettext_lazy("Approve"), "reject": gettext_lazy("Reject"),
                 "spam": gettext_lazy("Mark as spam")}
ACTION_KEYS = {"approve": "a", "reject": "d", "spam": "s"}
# The decision that takes a comment to each state: a row offers only the decisions that change its state.
ACTION_TO_STATE = {"approve": CommentState.APPROVED, "reject": CommentState.REJECTED, "spam": CommentState.SPAM}


def actions_for_state(state: str) -> list[str]:
    return [action for action, to_state in ACTION_TO_STATE.items() if to_state != state]


class Shortcut(NamedTuple):
    key: str  # as Mousetrap (Wagtail's w-kbd) and aria-keyshortcuts spell it
    command: str  # the moderation-queue Stimulus controller's method the key's button calls ("help": Wagtail's dialog)
    label: str


# The queue's keyboard shortcuts, in the order of the legend. The keys act on the current row; Enter and space do
# the same as o and x while the row itself has focus.
QUEUE_SHORTCUTS = [
    Shortcut("j", "next", gettext_lazy("Next comment")),
    Shortcut("k", "previous", gettext_lazy("Previous comment")),
    Shortcut(ACTION_KEYS["approve"], "approve", ACTION_LABELS["approve"]),
    Shortcut(ACTION_KEYS["reject"], "reject", ACTION_LABELS["reject"]),
    Shortcut(ACTION_KEYS["spam"], "spam", ACTION_LABELS["spam"]),
    Shortcut("r", "reply", gettext_lazy("Reply")),
    Shortcut("o", "open", gettext_lazy("Open")),
    Shortcut("x", "select", gettext_lazy("Select for bulk action")),
    Shortcut("?", "help", gettext_lazy("Show all keyboard shortcuts")),
]


def _next_url(request, default: str) -> str:
    """Where to go after a POST: the form's own page when it is on this site, otherwise ``default``."""
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return next_url
    return default


# --- the queue's filters (Wagtail's filter drawer) -----------------------------------------------------------------

class QueueFilterForm(StrictInputMixin, forms.Form):
    """The filter set's form: a NUL or a lone surrogate in any filter is that filter's error (a 400), never a 500."""


class QueueSearchForm(StrictInputMixin, SearchForm):
    """Wagtail's header search (``q``), strict like the filters, and refused rather than cut when too long."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, placeholder=_("Search comments, names, e-mail addresses…"), **kwargs)
        self.fields["q"].max_length = QUEUE_SEARCH_MAX_LENGTH
        self.fields["q"].validators.append(MaxLengthValidator(QUEUE_SEARCH_MAX_LENGTH))


STATE_CHOICES = [*CommentState.choices, ("all", gettext_lazy("All"))]


class QueueFilterSet(WagtailFilterSet):
    """The queue's filters. The narrowing itself is ``selectors.queue_for`` (one place, also used by the menu count
    and the dashboard panel), so each filter here only declares its field; ``filter_queryset`` hands the cleaned
    values over."""

    state = django_filters.ChoiceFilter(label=gettext_lazy("State"), choices=STATE_CHOICES,
                                        empty_label=gettext_lazy("Pending (default)"), method="keep")
    page = django_filters.TypedChoiceFilter(label=gettext_lazy("Post"), coerce=int, empty_value=None,
                                            method="keep")
    flagged = django_filters.ChoiceFilter(
        label=gettext_lazy("First pass"), method="keep",
        choices=[("1", gettext_lazy("Flagged")), ("0", gettext_lazy("Not flagged"))], empty_label=gettext_lazy("All"),
    )
    date_from = django_filters.DateFilter(label=gettext_lazy("From date"), method="keep",
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(label=gettext_lazy("To date"), method="keep",
                                        widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = CommentModeration
        fields = []
        form = QueueFilterForm

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        # Only the posts the user may moderate, and only those with comments: one index probe per page rather than
        # a DISTINCT over every comment.
        pages = Page.objects.filter(
            Exists(selectors.moderations_for(user=user).filter(page_id=OuterRef("pk")))
        ).order_by("title").values_list("pk", "title")
        self.filters["page"].extra["choices"] = [("", _("All posts")), *pages]

    def keep(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset, search=""):
        # queue_for starts again from the moderator's own scope (moderations_for), whatever it is given: the
        # queue can never list a comment outside it.
        return selectors.queue_for(user=self.request.user, filters={**self.form.cleaned_data, "q": search})


# --- the queue's columns --------------------------------------------------------------------------------------------

class CommentCheckboxColumn(BulkActionsCheckboxColumn):
    """Wagtail's bulk-action checkbox, for the comment's id, named ``id`` so the queue's bulk buttons also work as a
    plain GET form to Wagtail's bulk-action confirmation page without JavaScript."""

    cell_template_name = "dialog_moderation/admin/cells/checkbox.html"

    def get_aria_describedby(self, instance):
        return f"comment_{instance.comment_id}_title"


class TemplateColumn(Column):
    def __init__(self, name, *, template_name, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name

    def get_value(self, instance):
        return instance


class StateColumn(Column):
    """The state's label (never the stored value), and whether it is a reply from the editors."""

    cell_template_name = "dialog_moderation/admin/cells/state.html"

    def get_value(self, instance):
        return instance


class ActionsColumn(BaseColumn):
    cell_template_name = "dialog_moderation/admin/cells/actions.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["row_actions"] = [(action, ACTION_LABELS[action], ACTION_KEYS[action])
                                  for action in actions_for_state(instance.state)]
        return context


class QueueTable(Table):
    """Each row is a place for the keyboard: the queue's Stimulus controller finds it, follows focus into it and
    reads the comment's id, sender and state from it."""

    def get_row_attrs(self, instance):
        attrs = super().get_row_attrs(instance)
        attrs.update({
            "id": f"kommentar-{instance.comment_id}",
            "tabindex": "-1",
            "data-moderation-queue-target": "row",
            "data-comment-id": str(instance.comment_id),
            "data-sender": instance.comment.user_name,
            "data-state": instance.state,
            "data-action": "keydown->moderation-queue#rowKey focusin->moderation-queue#follow",
        })
        return attrs


# --- the views ------------------------------------------------------------------------------------------------------

class ModeratorRequiredMixin:
    """A plain 403 for admin users without the permission (Wagtail would turn PermissionDenied into a redirect)."""

    def dispatch(self, request, *args, **kwargs):
        if not selectors.can_moderate(request.user):
            return TemplateResponse(request, "dialog_moderation/admin/forbidden.html", {}, status=403)
        return super().dispatch(request, *args, **kwargs)


class QueueView(ModeratorRequiredMixin, IndexView):
    model = CommentModeration
    template_name = "dialog_moderation/admin/queue.html"
    results_template_name = "dialog_moderation/admin/queue_results.html"
    page_title = gettext_lazy("Comments")
    header_icon = "comment"
    index_url_name = "moderation:queue"
    index_results_url_name = "moderation:queue_results"
    filterset_class = QueueFilterSet
    is_searchable = True  # Wagtail's header search; the narrowing is selectors.queue_for's (text, name, e-mail)
    paginate_by = QUEUE_PAGE_SIZE
    default_ordering = "submitted_at"
    table_class = QueueTable
    table_classname = "listing moderation-rows"
    verbose_name = gettext_lazy("comment")
    verbose_name_plural = gettext_lazy("comments")
    add_url_name = None
    edit_url_name = None
    permission_policy = None
    any_permission_required = ()

    @cached_property
    def columns(self):
        # Column labels carry a context: Wagtail's own catalogue has "Post" (the verb) and "Comment" for other uses.
        return [
            CommentCheckboxColumn("bulk_actions", obj_type="comment"),
            TemplateColumn("comment", label=pgettext_lazy("moderation queue column", "Comment"), template_name="dialog_moderation/admin/cells/comment.html",
                           classname="moderation-comment"),
            TemplateColumn("sender", label=pgettext_lazy("moderation queue column", "Sender"), template_name="dialog_moderation/admin/cells/sender.html"),
            Column("page", label=pgettext_lazy("moderation queue column", "Post"), accessor="page.title", sort_key="page__title"),
            DateColumn("submitted_at", label=pgettext_lazy("moderation queue column", "Submitted"), sort_key="submitted_at"),
            StateColumn("state", label=pgettext_lazy("moderation queue column", "State"), sort_key="state"),
            TemplateColumn("flags", label=pgettext_lazy("moderation queue column", "First pass"), template_name="dialog_moderation/admin/cells/flags.html"),
            ActionsColumn("actions", label=pgettext_lazy("moderation queue column", "Actions"), classname="moderation-row-actions"),
        ]

    def get_search_form(self):
        return QueueSearchForm(self.request.GET if self.search_kwarg in self.request.GET else None)

    def search_queryset(self, queryset):
        return queryset  # searched inside filter_queryset (selectors.queue_for), with the filters

    @cached_property
    def search_refused(self):
        return bool(self.search_form.is_bound and not self.search_form.is_valid())

    @cached_property
    def filters_refused(self):
        return self.search_refused or bool(self.filters and self.filters.is_bound and not self.filters.is_valid())

    def get_base_queryset(self):
        return selectors.moderations_for(user=self.request.user).filter(awaits_confirmation=False).select_related(
            "comment", "page")

    def get_queryset(self):
        # Filtered first (the filter set narrows through selectors.queue_for, scoped to the moderator), ordered after,
        # with the primary key as the tie-breaker so pages never share or skip a row.
        if self.filters_refused:  # shown again with the filter's errors (a 400), and nothing it would have matched
            return self.get_base_queryset().none()
        if self.filters:
            queryset = self.filters.filter_queryset(self.get_base_queryset(), search=self.search_query)
        else:
            queryset = selectors.queue_for(user=self.request.user, filters={"q": self.search_query})
        ordering = self.ordering or self.default_ordering
        return queryset.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_header_buttons(self):
        return []

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)  # the results fragment's own marker: the way back is the queue itself
        context.update(
            shortcuts=QUEUE_SHORTCUTS,
            next_url=self.index_url + (f"?{query.urlencode()}" if query else ""),
            filters_refused=self.filters_refused,
            bulk_actions=[(action, ACTION_LABELS[action],
                           reverse("wagtail_bulk_action", args=["dialog_moderation", "commentmoderation", action]))
                          for action in ACTION_LABELS],
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        if context.get("filters_refused"):
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


class DecisionForm(DecisionReasonForm):
    """One decision on one comment (its detail page and the queue's row buttons), with the same reasons as the
    bulk actions."""

    action = forms.ChoiceField(choices=list(ACTION_LABELS.items()))


class ReplyForm(StrictInputMixin, forms.Form):
    text = forms.CharField(label=gettext_lazy("Reply from the editors"), widget=forms.Textarea(attrs={"rows": 4}))


def state_label(value: str) -> str:
    return CommentState(value).label if value in CommentState.values else (value or "–")


class DetailView(ModeratorRequiredMixin, InspectView):
    """Wagtail's generic inspect view of one comment's moderation, with its own template (the comment in its thread,
    the sender's history, the decision history, the decision and reply forms) in place of the field list."""

    model = CommentModeration
    pk_url_kwarg = "comment_id"  # the comment's id, as the queue, the audit log and the API name it
    template_name = "dialog_moderation/admin/detail.html"
    header_icon = "comment"
    # The moderator check (dispatch) and the scope (get_object) decide, not a model permission policy.
    any_permission_required = None

    def setup(self, request, *args, **kwargs):
        # InspectView looks the object up here; this view does it after the moderator check, so that a user who may
        # not moderate gets the 403 page rather than a 404 from the scoped lookup.
        TemplateView.setup(self, request, *args, **kwargs)
        self.pk = self.kwargs[self.pk_url_kwarg]
        self.fields = []

    def get_object(self, queryset=None):
        return self.get_moderation()

    def get_fields_context(self):
        return []  # the template shows the comment itself

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
        return _("Comment #%(id)s") % {"id": self.kwargs["comment_id"]}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("moderation:queue"), "label": _("Comments")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        self.object = moderation = self.get_moderation()
        context = super().get_context_data(**kwargs)
        comment = moderation.comment
        history = list(comment.decisions.select_related("actor").order_by("created_at", "pk"))
        for decision in history:  # labels, never the stored values (`pending`)
            decision.from_label = state_label(decision.from_state) if decision.from_state else "–"
            decision.to_label = state_label(decision.to_state)
        context.update(
            moderation=moderation,
            comment=comment,
            thread=selectors.thread_for(comment=comment),
            history=history,
            sender_history=selectors.sender_history(moderation=moderation, user=self.request.user),
            decision_form=kwargs.get("decision_form") or DecisionForm(),
            reply_form=kwargs.get("reply_form") or ReplyForm(),
            action_labels={action: ACTION_LABELS[action] for action in actions_for_state(moderation.state)},
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
                    messages.success(request, _("The reply to comment #%(id)s is published.")
                                     % {"id": moderation.comment_id})
                    return redirect(_next_url(request, reverse("moderation:detail", args=[reply.pk])))
            return self.render_to_response(self.get_context_data(reply_form=reply_form), status=400)
        decision_form = DecisionForm(request.POST)
        if not decision_form.is_valid():
            return self.render_to_response(self.get_context_data(decision_form=decision_form), status=400)
        action = decision_form.cleaned_data["action"]
        decision = services.DECIDERS[action](comment=moderation.comment, by=request.user,
                                             reason=decision_form.reason_text())
        messages.success(request, _("Comment #%(id)s: %(state)s.") % {
            "id": moderation.comment_id, "state": CommentState(decision.to_state).label})
        return redirect(_next_url(request, reverse("moderation:detail", args=[moderation.comment_id])))


class CommentModerationViewSet(ViewSet):
    """URL names (namespace ``moderation``): ``queue`` (the listing), ``queue_results`` (its AJAX results, for the
    filter drawer), ``detail`` (one comment, ``<comment_id>``). Decisions on many comments are Wagtail's bulk actions:
    ``wagtail_bulk_action`` with ``dialog_moderation``, ``commentmoderation`` and ``approve``/``reject``/``spam``."""

    name = "moderation"
    icon = "comment"
    menu_label = gettext_lazy("Comments")
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [
            path("", QueueView.as_view(), name="queue"),
            path("results/", QueueView.as_view(results_only=True), name="queue_results"),
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
