"""The moderation state of each django-comments-xtd comment, its append-only decision history, scopes and policy."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

from dialog_moderation.conf import setting


class CommentState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class CommentablePageMixin:
    """Adopted by the page types that take comments; moderation never imports the site's models.

    The page provides `allow_comments` (the editor's open/closed switch) and names the field holding its
    publication date in `comment_publication_date_field` (a date or datetime), which
    MODERATION_CLOSE_AFTER_DAYS counts from.
    """

    comment_publication_date_field = "first_published_at"

    @cached_property
    def comment_count(self) -> int:
        """Approved comments shown on the page (the comments section's heading). A listing may set it for many pages
        at once with ``page.__dict__["comment_count"] = ...`` from dialog_moderation.selectors.public_comment_counts."""
        from dialog_moderation.selectors import public_comment_counts

        return public_comment_counts(page_ids=[self.pk]).get(self.pk, 0)

    def comments_closing_date(self) -> datetime.date | None:
        days = setting("CLOSE_AFTER_DAYS")
        published = getattr(self, self.comment_publication_date_field, None)
        if not days or published is None:
            return None
        if isinstance(published, datetime.datetime):
            published = timezone.localdate(published)
        return published + datetime.timedelta(days=days)

    @property
    def comments_open(self) -> bool:
        if not getattr(self, "allow_comments", False):
            return False
        closing = self.comments_closing_date()
        return closing is None or timezone.localdate() < closing


PUBLIC_ID_MIN = 2**32
PUBLIC_ID_MAX = 2**53  # exclusive: every public id is a safe JavaScript integer


def new_public_id() -> int:
    """A random id for readers' eyes (API, anchors, reply links): it says nothing about how many comments exist."""
    return PUBLIC_ID_MIN + secrets.randbelow(PUBLIC_ID_MAX - PUBLIC_ID_MIN)


class CommentModeration(models.Model):
    public_id = models.BigIntegerField(
        _("public id"), unique=True, default=new_public_id, editable=False,
        help_text=_("The id readers see (API, anchors, reply links); the database id is shown to moderators only."),
    )
    comment = models.OneToOneField(
        "django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="moderation", verbose_name=_("comment")
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    state = models.CharField(_("status"), max_length=16, choices=CommentState.choices, default=CommentState.PENDING)
    flags = models.JSONField(_("flags of the first review"), default=list, blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True, unpack_ipv4=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("last decided"), null=True, blank=True)
    is_staff_reply = models.BooleanField(_("reply from the editors"), default=False)
    notify_on_publish = models.BooleanField(_("notify when published"), default=False)
    email_confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    awaits_confirmation = models.BooleanField(_("awaiting confirmation"), default=False)
    moderators_notified_at = models.DateTimeField(_("moderators notified"), null=True, blank=True)
    # The address as typed stays on the comment (XtdComment.user_email); this is dialog_moderation.senders.normalise_email
    # of it, the one spelling that limits, duplicate checks, history, auto-approval and erasure compare.
    sender_key = models.CharField(_("sender (normalised email)"), max_length=254, blank=True, db_index=True)
    text_fingerprint = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("comment moderation")
        verbose_name_plural = _("comment moderations")
        permissions = [("moderate_comments", _("Can moderate comments"))]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="moderation_state_submitted"),
            models.Index(fields=["submitted_at"], name="moderation_submitted"),
            models.Index(fields=["page", "state"], name="moderation_page_state"),
            models.Index(fields=["ip", "submitted_at"], name="moderation_ip_submitted"),
            models.Index(fields=["sender_key", "submitted_at"], name="moderation_sender_submitted"),
        ]

    def __str__(self):
        return f"#{self.comment_id} ({self.get_state_display()})"


class CommentDecision(models.Model):
    """One decision on one comment. Rows are only ever added, never changed, except that erasure redacts personal
    data out of `reason` in place (a queryset update that sets `redacted_at`)."""

    comment = models.ForeignKey(
        "django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="decisions", verbose_name=_("comment")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("decided by"),
    )
    from_state = models.CharField(_("from"), max_length=16, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=CommentState.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # Set when erase_commenter removed a sender's name or address from the reason, the one change a row may get.
    redacted_at = models.DateTimeField(_("personal data removed"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decision")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Decisions are append-only.")
        super().save(*args, **kwargs)


class FormTokenUse(models.Model):
    """How often one comment form token (its nonce) has been sent; a token is refused beyond
    MODERATION_FORM_TOKEN_MAX_USES. Rows of expired tokens serve no purpose and are pruned by prune_comment_data."""

    nonce = models.CharField(max_length=32, unique=True)
    page_id = models.PositiveIntegerField()
    issued_at = models.DateTimeField(db_index=True)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("form token use")
        verbose_name_plural = _("form token uses")

    def __str__(self):
        return f"{self.nonce} ({self.uses})"


class ModeratorScope(models.Model):
    """What a moderator group may see: the comments on the pages under one root, or, with ``whole_site``, all.

    Scopes fail closed: a group with the moderate permission but no scope, or whose roots have all been deleted,
    sees no comment until an administrator gives it a scope again. Deleting a root empties ``root`` (the row
    stays, so the loss shows in the admin) instead of deleting the row and widening the group's view.
    """

    group = models.ForeignKey("auth.Group", on_delete=models.CASCADE, related_name="comment_scopes", verbose_name=_("group"))
    root = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("page tree"), help_text=_("The group moderates the comments on the pages below this page."),
    )
    whole_site = models.BooleanField(
        _("whole site"), default=False,
        help_text=_("The group moderates all comments on the site. Leave the page tree empty then."),
    )

    panels = [FieldPanel("group"), FieldPanel("whole_site"), FieldPanel("root")]

    class Meta:
        unique_together = [("group", "root")]
        constraints = [
            models.UniqueConstraint(fields=["group"], condition=models.Q(whole_site=True),
                                    name="moderation_scope_one_whole_site_per_group"),
        ]
        verbose_name = _("moderation scope")
        verbose_name_plural = _("moderation scopes")

    def clean(self):
        super().clean()
        if self.whole_site and self.root_id is not None:
            raise ValidationError({"root": _("Choose either a page tree or the whole site, not both.")})
        if not self.whole_site and self.root_id is None:
            raise ValidationError({"root": _("Choose a page tree or tick the whole site.")})

    def __str__(self):
        # Not f-strings around _(): xgettext cannot find a msgid inside an f-string.
        if self.whole_site:
            where = _("whole site")
        elif self.root_id is None:
            where = _("page tree deleted (sees no comments)")
        else:
            where = self.root
        return f"{self.group} → {where}"


class CommentLogEntryManager(BaseLogEntryManager):
    """The audit log of comment decisions: written with ``wagtail.log_actions.log(comment, action, ...)`` (the
    comment's log model is registered in wagtail_hooks), read in Wagtail's site history only by moderators, each
    seeing the entries of the comments in their scope."""

    def get_instance_title(self, instance):
        return _("Comment #%(id)s") % {"id": instance.pk}

    def log_action(self, instance, action, **kwargs):
        if kwargs.get("page_id") is None:
            kwargs["page_id"] = (CommentModeration.objects.filter(comment_id=instance.pk)
                                 .values_list("page_id", flat=True).first() or int(instance.object_pk))
        kwargs["comment_id"] = instance.pk
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(comment_id=instance.pk)

    def viewable_by_user(self, user):
        from dialog_moderation.selectors import can_moderate, scope_filter, scope_paths_for

        if not can_moderate(user):
            return self.none()
        return self.filter(scope_filter(scope_paths_for(user)))


class CommentLogEntry(BaseLogEntry):
    # No database constraints, like Wagtail's PageLogEntry: the history outlives the comment and the page.
    comment = models.ForeignKey(
        "django_comments_xtd.XtdComment", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+",
        verbose_name=_("comment"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("page"),
    )

    objects = CommentLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("comment log entry")
        verbose_name_plural = _("comment log entries")

    def __str__(self):
        return f"CommentLogEntry {self.pk}: '{self.action}' on comment {self.comment_id}"

    @cached_property
    def object_id(self):
        return self.comment_id


class SenderLock(models.Model):
    """A row that submissions from one sender lock, so that counting, the duplicate check and the insert are one step.

    One row per address ("ip:…") and per email ("email:…"); the key is a keyed SHA-256 digest (HMAC with the
    SECRET_KEY) of that, so no address is stored in clear and none can be recovered by hashing guesses.
    prune_comment_data deletes rows older than the IP retention; a later submission simply creates its row again.
    """

    key = models.CharField(primary_key=True, max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sender lock")
        verbose_name_plural = _("sender lock")

    def __str__(self):
        return self.key


class ModeratorNotificationState(models.Model):
    """A single row: when the moderators were last mailed, so mails are batched."""

    key = models.CharField(max_length=32, unique=True, default="moderators")
    last_sent_at = models.DateTimeField(null=True, blank=True)


def default_policy_reasons() -> str:
    """The policy reasons a new site starts with, in the site's LANGUAGE_CODE: they are data the editors edit and
    moderators pick from (stored in the decision), so they are translated once, when the settings row is made."""
    with translation.override(settings.LANGUAGE_CODE):
        return "\n".join([
            gettext("Personal attack"), gettext("Unauthorised advertising"), gettext("Off topic"),
            gettext("Personal data that should not be published"),
        ])


@register_setting(icon="comment")
class CommentPolicySettings(BaseGenericSetting):
    blocked_words = models.TextField(
        _("blocked words"), blank=True,
        help_text=_("One word or phrase per line. Comments containing them are flagged for review."),
    )
    policy_reasons = models.TextField(
        _("reasons under the comment policy"), blank=True,
        default=default_policy_reasons,
        help_text=_("One reason per line; moderators choose among them when they reject a comment."),
    )

    panels = [FieldPanel("blocked_words"), FieldPanel("policy_reasons")]

    class Meta:
        verbose_name = _("comment policy")

    def blocked_word_list(self) -> list[str]:
        return [line.strip().lower() for line in self.blocked_words.splitlines() if line.strip()]

    def reason_list(self) -> list[str]:
        return [line.strip() for line in self.policy_reasons.splitlines() if line.strip()]
