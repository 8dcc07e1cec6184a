"""Emails (English msgids, Swedish from the catalogue): batched mail to moderators, confirmation requests, publication and follow-up notices."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_comments_xtd.models import XtdComment

from dialog_moderation.conf import setting
from dialog_moderation.models import CommentModeration, CommentState, ModeratorNotificationState
from dialog_moderation.selectors import moderations_for, moderators_to_notify
from dialog_moderation.senders import normalise_email


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    body = render_to_string(template, {"site_name": settings.WAGTAIL_SITE_NAME, **context})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


def moderators_notify(*, now: datetime.datetime | None = None) -> int:
    """Mails the moderators about comments that entered the queue since the last mail, at most once per
    MODERATION_NOTIFY_INTERVAL minutes. Returns the number of mails sent; 0 when throttled or nothing is new."""
    now = now or timezone.now()
    interval = datetime.timedelta(minutes=setting("NOTIFY_INTERVAL"))
    with transaction.atomic():
        state, _created = ModeratorNotificationState.objects.get_or_create(key="moderators")
        state = ModeratorNotificationState.objects.select_for_update().get(pk=state.pk)
        if state.last_sent_at and now - state.last_sent_at < interval:
            transaction.on_commit(lambda: _defer_notification(state.last_sent_at + interval))
            return 0
        new = CommentModeration.objects.filter(
            state=CommentState.PENDING, awaits_confirmation=False, moderators_notified_at__isnull=True
        )
        new_ids = list(new.values_list("pk", flat=True))
        if not new_ids:
            return 0
        sent = 0
        queue_url = _absolute(reverse("moderation:queue"))
        for user in moderators_to_notify():
            visible = list(
                moderations_for(user=user).filter(pk__in=new_ids)
                .select_related("comment", "page")
                .order_by("submitted_at")
            )
            if not visible:
                continue
            _send(
                ngettext("A new comment to review", "%(count)s new comments to review", len(visible)) % {"count": len(visible)},
                "dialog_moderation/emails/moderators_new_comments.txt",
                {"items": visible, "queue_url": queue_url},
                [user.email],
            )
            sent += 1
        CommentModeration.objects.filter(pk__in=new_ids).update(moderators_notified_at=now)
        state.last_sent_at = now
        state.save(update_fields=["last_sent_at"])
    return sent


def _defer_notification(run_after: datetime.datetime) -> None:
    """With a backend that can defer (the database backend), the throttled mail is sent when the interval ends;
    otherwise the next submission or `manage.py notify_moderators` sends it."""
    from dialog_moderation.tasks import notify_moderators

    if notify_moderators.get_backend().supports_defer:
        notify_moderators.using(run_after=run_after).enqueue()


def send_confirmation_request(*, comment_id: int) -> None:
    from dialog_moderation.services import confirmation_token

    comment = XtdComment.norel_objects.get(pk=comment_id)
    url = _absolute(reverse("dialog_moderation:confirm", args=[confirmation_token(comment)]))
    hours = setting("CONFIRM_MAX_AGE") // 3600
    _send(_("Confirm your comment"), "dialog_moderation/emails/confirm.txt",
          {"comment": comment, "url": url, "hours": hours, "auto_approve": setting("AUTO_APPROVE_KNOWN")},
          [comment.user_email])


def send_publish_offer(*, comment_id: int) -> None:
    """MODERATION_AUTO_APPROVE_KNOWN without MODERATION_CONFIRM_EMAIL: a known sender may publish at once by
    following the link, which proves the address is theirs (services.comment_confirm_email)."""
    from dialog_moderation.services import confirmation_token

    comment = XtdComment.norel_objects.get(pk=comment_id)
    if not comment.user_email or comment.is_public:
        return
    url = _absolute(reverse("dialog_moderation:confirm", args=[confirmation_token(comment)]))
    hours = setting("CONFIRM_MAX_AGE") // 3600
    _send(_("Publish your comment at once"), "dialog_moderation/emails/publish_offer.txt",
          {"comment": comment, "url": url, "hours": hours}, [comment.user_email])


def send_publication_mails(*, comment_id: int) -> None:
    """Tells the sender their comment is published (if they asked) and the thread's followers about it."""
    from dialog_moderation.services import mute_token

    moderation = CommentModeration.objects.select_related("comment", "page").get(comment_id=comment_id)
    comment = moderation.comment
    if moderation.state != CommentState.APPROVED or not comment.is_public:
        return
    page_url = _absolute(moderation.page.url or "/")
    if moderation.notify_on_publish and comment.user_email:
        _send(_("Your comment is published"), "dialog_moderation/emails/published.txt",
              {"comment": comment, "page": moderation.page, "url": f"{page_url}#c{moderation.public_id}"}, [comment.user_email])
    followers = (
        XtdComment.norel_objects.filter(thread_id=comment.thread_id, followup=True, is_public=True)
        .exclude(user_email="")
        .order_by("submit_date", "pk")
        .values_list("moderation__sender_key", "user_email")
    )
    # One mail per mailbox (normalised sender), never to the sender of the new comment.
    addresses: dict[str, str] = {}
    for sender_key, address in followers:
        sender_key = sender_key or normalise_email(address)
        if sender_key != moderation.sender_key:
            addresses.setdefault(sender_key, address)
    for _sender_key, email in sorted(addresses.items()):
        mute_url = _absolute(reverse("dialog_moderation:mute", args=[mute_token(email=email, thread_id=comment.thread_id)]))
        _send(_("New reply in a discussion you follow"), "dialog_moderation/emails/followup.txt",
              {"comment": comment, "page": moderation.page, "url": f"{page_url}#c{moderation.public_id}", "mute_url": mute_url},
              [email])
