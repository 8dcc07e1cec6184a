"""Every change to a comment's state. Views, the API, admin actions and commands call these and nothing else."""

import datetime
import logging
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment
from wagtail.log_actions import log as log_action

from dialog_moderation import rules, senders
from dialog_moderation.conf import setting
from dialog_moderation.inputs import MAX_DATABASE_ID
from dialog_moderation.models import (
    PUBLIC_ID_MAX,
    PUBLIC_ID_MIN,
    CommentLogEntry,
    CommentDecision,
    CommentModeration,
    CommentState,
    FormTokenUse,
    SenderLock,
    new_public_id,
)
from dialog_moderation.selectors import is_commentable

logger = logging.getLogger(__name__)

CONFIRM_SALT = "moderation.confirm-email"
MUTE_SALT = "moderation.mute-followup"
FORM_SALT = "moderation.comment-form"
HONEYPOT_FIELD = "website"
PUBLIC_ID_ATTEMPTS = 5
ACTION_BY_STATE = {
    CommentState.APPROVED: "moderation.comment.approve",
    CommentState.REJECTED: "moderation.comment.reject",
    CommentState.SPAM: "moderation.comment.spam",
    CommentState.PENDING: "moderation.comment.reopen",
}


@dataclass
class CommentSubmissionError(Exception):
    """Why a submission was refused: field errors and the HTTP status the caller should answer with."""

    message: str
    status: int = 400
    errors: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self):
        return self.message


def max_thread_level() -> int:
    return getattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL", 0)


def _clean_text(value, *, field_name: str, errors: dict, multiline: bool = True) -> tuple[str, bool]:
    text = value if isinstance(value, str) else ""
    if not multiline and any(ch in text for ch in "\r\n\t"):
        errors.setdefault(field_name, []).append(_("The field must not contain line breaks."))
        return "", False
    if "\x00" in text or rules.has_forbidden_control_characters(text):
        errors.setdefault(field_name, []).append(_("The text contains control characters that are not allowed."))
        return "", False
    text, removed = rules.strip_invisible(text)
    return text.strip(), removed


def _parent_lookup(*, page, parent_id, parent_public_id):
    """The public comment being answered, by the public id readers know or (internal callers) the database id."""
    comments = XtdComment.norel_objects.filter(object_pk=str(page.pk), is_public=True)
    if parent_public_id not in (None, ""):
        value = int(parent_public_id)
        if not PUBLIC_ID_MIN <= value < PUBLIC_ID_MAX:
            raise XtdComment.DoesNotExist
        return comments.get(moderation__public_id=value)
    parent_pk = int(parent_id)
    if not 1 <= parent_pk <= MAX_DATABASE_ID:
        raise ValueError(parent_id)  # a query with it would overflow the database's integers
    return comments.get(pk=parent_pk)


def _validate(*, page, name, email, text, consent, parent_id, parent_public_id=None) -> tuple[dict, dict]:
    errors: dict[str, list[str]] = {}

    def error(field_name, message):
        errors.setdefault(field_name, []).append(message)

    name, name_invisible = _clean_text(name, field_name="name", errors=errors, multiline=False)
    text, text_invisible = _clean_text(text, field_name="text", errors=errors)
    email = email.strip() if isinstance(email, str) else ""
    if "name" not in errors:
        if not name:
            error("name", _("Enter your name."))
        elif len(name) > setting("MAX_NAME_LENGTH"):
            error("name", _("The name may be at most %(max)s characters.") % {"max": setting("MAX_NAME_LENGTH")})
    if not email:
        error("email", _("Enter your email address."))
    elif senders.invisible_characters(email):
        # Django's validator lets U+200B, U+00AD, U+FEFF and their kind through; they would make one mailbox look
        # like another sender.
        error("email", _("The email address contains invisible or control characters (%(chars)s). "
                         "Enter the address without them.") % {"chars": ", ".join(senders.invisible_characters(email))})
    else:
        try:
            if len(email) > 254 or any(ch.isspace() or ord(ch) < 32 for ch in email):
                raise ValidationError("")
            validate_email(email)
        except ValidationError:
            error("email", _("Enter a valid email address."))
    if "text" not in errors:
        if not text:
            error("text", _("Write a comment."))
        elif len(text) > setting("MAX_LENGTH"):
            error("text", _("The comment may be at most %(max)s characters (it has %(count)s).") % {
                "max": setting("MAX_LENGTH"), "count": len(text)})
    if consent is not True:
        error("consent", _("You need to accept how we handle your personal data."))
    parent = None
    if parent_id not in (None, "", 0, "0") or parent_public_id not in (None, ""):
        try:
            parent = _parent_lookup(page=page, parent_id=parent_id, parent_public_id=parent_public_id)
        except (XtdComment.DoesNotExist, ValueError, TypeError):
            error("parent", _("The comment you are replying to does not exist."))
        else:
            if parent.level >= max_thread_level():
                error("parent", _("That comment cannot be replied to; reply in the thread above."))
    cleaned = {"name": name, "email": email, "text": text, "parent": parent,
               "invisible_removed": name_invisible or text_invisible}
    return cleaned, errors


def _sender_lock_key(kind: str, value: str) -> str:
    return salted_hmac("moderation.sender-lock", f"{kind}:{value}", algorithm="sha256").hexdigest()


def sender_lock_keys(*, ip: str | None, email: str) -> list[str]:
    """The SenderLock keys of a submission, in the order they are locked."""
    keys = {_sender_lock_key("email", senders.normalise_email(email))}
    if ip:
        # One address, one lock, in whichever notation it arrived (stored IPv4-mapped addresses are unpacked too).
        keys.add(_sender_lock_key("ip", clean_ipv6_address(ip, unpack_ipv4=True) if ":" in ip else ip))
    return sorted(keys)


def _lock_senders(*, ip: str | None, email: str) -> None:
    """Holds the sender's address and email locked until the transaction ends.

    Concurrent submissions from the same address or email then count, check duplicates and insert one after the
    other, so the limits hold exactly. Each key is created and locked before the next, always in sorted order:
    two submissions never hold one lock each while waiting for the other's.
    """
    for key in sender_lock_keys(ip=ip, email=email):
        while True:
            # A concurrent first creation makes get_or_create wait for that transaction, then find the row.
            _lock, created = SenderLock.objects.get_or_create(key=key)
            if created or SenderLock.objects.select_for_update().filter(key=key).exists():
                break
            # prune_comment_data deleted the row between the two statements: create it again.


def _check_rate_limits(*, ip: str | None, sender_key: str) -> None:
    since = timezone.now() - datetime.timedelta(seconds=setting("RATE_LIMIT_WINDOW"))
    recent = CommentModeration.objects.filter(submitted_at__gte=since)
    if ip and recent.filter(ip=ip).count() >= setting("RATE_LIMIT_PER_IP"):
        raise CommentSubmissionError(_("You have sent many comments in a short time. Try again later."), status=429)
    if recent.filter(sender_key=sender_key).count() >= setting("RATE_LIMIT_PER_EMAIL"):
        raise CommentSubmissionError(_("You have sent many comments in a short time. Try again later."), status=429)


def comment_submit(
    *,
    page,
    name: str,
    email: str,
    text: str,
    consent: bool,
    parent_id: int | None = None,
    parent_public_id: int | str | None = None,
    ip: str | None = None,
    notify_on_publish: bool = False,
    followup: bool = False,
) -> XtdComment:
    """Validate, run the first pass and store the comment as pending (never public). Raises CommentSubmissionError.

    The parent is named by `parent_public_id` (what readers see and send) or, for internal callers, `parent_id`
    (the database id). Readers' paths go through comment_submit_with_token, never straight here."""
    page = page.specific
    if not is_commentable(page) or not page.live:
        raise CommentSubmissionError(_("This page cannot be commented on."), status=404)
    if not page.comments_open:
        raise CommentSubmissionError(_("Comments are closed for this post."), status=403)
    cleaned, errors = _validate(page=page, name=name, email=email, text=text, consent=consent, parent_id=parent_id,
                                parent_public_id=parent_public_id)
    if errors:
        raise CommentSubmissionError(_("The comment could not be sent. Correct the data and try again."), errors=errors)
    sender_key = senders.normalise_email(cleaned["email"])
    awaits_confirmation = bool(setting("CONFIRM_EMAIL"))
    parent = cleaned["parent"]
    with transaction.atomic():
        # Under the sender's locks, the counts and the duplicate check see every earlier submission.
        _lock_senders(ip=ip, email=cleaned["email"])
        _check_rate_limits(ip=ip, sender_key=sender_key)
        flags = rules.first_pass(text=cleaned["text"], name=cleaned["name"], email=cleaned["email"],
                                 invisible_removed=cleaned["invisible_removed"])
        now = timezone.now()
        if parent is not None:
            # xtd renumbers a thread when a reply is inserted; one writer per thread keeps the order consistent.
            list(XtdComment.norel_objects.select_for_update().filter(pk=parent.thread_id))
        comment = XtdComment(
            content_type=ContentType.objects.get_for_model(page),
            object_pk=str(page.pk),
            site_id=settings.SITE_ID,
            user_name=cleaned["name"],
            user_email=cleaned["email"],
            comment=cleaned["text"],
            submit_date=now,
            is_public=False,
            parent_id=parent.pk if parent else 0,
            followup=bool(followup),
        )
        comment.save()
        moderation = _moderation_create(
            comment=comment,
            page_id=page.pk,
            state=CommentState.PENDING,
            flags=flags,
            flagged=bool(flags),
            ip=ip,
            submitted_at=now,
            notify_on_publish=bool(notify_on_publish),
            awaits_confirmation=awaits_confirmation,
            sender_key=sender_key,
            text_fingerprint=rules.fingerprint(cleaned["text"]),
        )
        CommentDecision.objects.create(
            comment=comment, actor=None, from_state="", to_state=CommentState.PENDING, created_at=now,
            reason=_("Submitted") + (": " + "; ".join(f["message"] for f in flags) if flags else ""),
        )
        if awaits_confirmation:
            transaction.on_commit(lambda: _send_confirmation(comment.pk))
        else:
            transaction.on_commit(_schedule_moderator_notification)
            if _may_auto_approve(moderation):
                # Knowing an address is not owning it: the comment is published only once its sender follows the
                # link mailed to that address (comment_confirm_email).
                transaction.on_commit(lambda: _send_publish_offer(comment.pk))
    return comment


def _moderation_create(**fields) -> CommentModeration:
    """The moderation row with a fresh random public id, drawn again in the (2^-21 per million rows) case it is taken."""
    for attempt in range(PUBLIC_ID_ATTEMPTS):
        public_id = new_public_id()
        try:
            with transaction.atomic():
                return CommentModeration.objects.create(public_id=public_id, **fields)
        except IntegrityError:
            if attempt == PUBLIC_ID_ATTEMPTS - 1 or not CommentModeration.objects.filter(public_id=public_id).exists():
                raise
            logger.warning("Public comment id %s was taken; drawing another.", public_id)
    raise AssertionError("unreachable")


def form_token_issue(*, page_id: int, issued_at: float | None = None) -> str:
    """A signed token for one comment form (HTML or headless): the page, the issue time and a random nonce."""
    issued = int(issued_at if issued_at is not None else time.time())
    return signing.dumps({"p": int(page_id), "t": issued, "n": secrets.token_hex(16)}, salt=FORM_SALT)


def form_token_use(*, token, page) -> None:
    """Checks a form token for `page` and counts one use of it. Raises CommentSubmissionError (400) when it is
    forged, for another page, too fresh (a bot), too old, or already sent MODERATION_FORM_TOKEN_MAX_USES times."""
    try:
        if not isinstance(token, str) or not token or len(token) > 500:
            raise signing.BadSignature("no token")
        data = signing.loads(token, salt=FORM_SALT)
        issued_at, page_id, nonce = int(data["t"]), int(data["p"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise CommentSubmissionError(_("The form is invalid. Reload the page and try again."),
                                     errors={"form_token": [_("The form token is missing or invalid.")]})
    if page_id != page.pk:
        raise CommentSubmissionError(_("The form belongs to another page. Reload the page and try again."),
                                     errors={"form_token": [_("The form token belongs to another page.")]})
    age = time.time() - issued_at
    if age < setting("FORM_MIN_SECONDS"):
        raise CommentSubmissionError(_("The form was sent too quickly. Wait a few seconds and try again."),
                                     errors={"form_token": [_("The form token is too new.")]})
    if age > setting("FORM_MAX_AGE"):
        raise CommentSubmissionError(_("The form is too old. Reload the page and send the comment again."),
                                     errors={"form_token": [_("The form token has expired.")]})
    issued = datetime.datetime.fromtimestamp(issued_at, tz=datetime.timezone.utc)
    with transaction.atomic():
        FormTokenUse.objects.get_or_create(nonce=nonce, defaults={"page_id": page_id, "issued_at": issued})
        # One conditional UPDATE: concurrent posts of one token cannot both take its last use.
        counted = FormTokenUse.objects.filter(nonce=nonce, uses__lt=setting("FORM_TOKEN_MAX_USES")).update(
            uses=F("uses") + 1)
    if not counted:
        raise CommentSubmissionError(
            _("The form has already been sent too many times. Reload the page and try again."),
            errors={"form_token": [_("The form token is used up.")]})


def comment_submit_with_token(
    *,
    page,
    form_token,
    honeypot: str = "",
    name: str,
    email: str,
    text: str,
    consent: bool,
    parent_public_id: int | str | None = None,
    ip: str | None = None,
    notify_on_publish: bool = False,
    followup: bool = False,
) -> XtdComment:
    """A reader's submission, from the HTML form or the JSON API alike: the bot checks (an empty honeypot, a valid
    form token, counted), then comment_submit. The parent is the public id the reader was shown."""
    if honeypot:
        raise CommentSubmissionError(_("The form could not be sent. Leave the field for robots empty."),
                                     errors={HONEYPOT_FIELD: [_("The field must be empty.")]})
    form_token_use(token=form_token, page=page)
    return comment_submit(
        page=page, name=name, email=email, text=text, consent=consent, parent_public_id=parent_public_id, ip=ip,
        notify_on_publish=notify_on_publish, followup=followup,
    )


def _may_auto_approve(moderation: CommentModeration) -> bool:
    """MODERATION_AUTO_APPROVE_KNOWN: a pending comment the first pass did not flag, from a sender (by normalised
    address) with earlier comments that are all approved. Comments still waiting for their confirmation are not
    counted: they may have been sent by anyone who knows the address."""
    if not setting("AUTO_APPROVE_KNOWN") or moderation.flagged or not moderation.sender_key:
        return False
    if moderation.state != CommentState.PENDING:
        return False
    earlier = set(
        CommentModeration.objects.filter(sender_key=moderation.sender_key, awaits_confirmation=False)
        .exclude(pk=moderation.pk)
        .values_list("state", flat=True)
    )
    return earlier == {CommentState.APPROVED}


def _schedule_moderator_notification():
    from dialog_moderation.tasks import notify_moderators

    notify_moderators.enqueue()


def _send_confirmation(comment_id: int):
    from dialog_moderation.tasks import send_confirmation_request

    send_confirmation_request.enqueue(comment_id)


def _send_publish_offer(comment_id: int):
    from dialog_moderation.tasks import send_publish_offer

    send_publish_offer.enqueue(comment_id)


def confirmation_token(comment: XtdComment) -> str:
    """The signed link that proves the sender reads the mailbox: it names the comment and the normalised sender."""
    sender_key = CommentModeration.objects.filter(comment_id=comment.pk).values_list("sender_key", flat=True).first()
    return signing.dumps({"c": comment.pk, "s": sender_key or ""}, salt=CONFIRM_SALT, compress=True)


def confirmation_check(*, token: str) -> dict:
    """The token's data, or signing.BadSignature (also when expired or malformed)."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=setting("CONFIRM_MAX_AGE"))
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        raise signing.BadSignature("malformed")
    # Links mailed before senders were normalised carry the address itself.
    sender_key = data.get("s") if isinstance(data.get("s"), str) else senders.normalise_email(str(data.get("e", "")))
    if not sender_key or not CommentModeration.objects.filter(comment_id=data["c"], sender_key=sender_key).exists():
        raise signing.BadSignature("no such comment from this sender (deleted or erased)")
    return {"comment_id": data["c"], "sender_key": sender_key}


def comment_confirm_email(*, token: str) -> XtdComment:
    """The sender followed a mailed link (by POST: mail scanners follow GETs), so this address is theirs.

    A comment waiting for confirmation (MODERATION_CONFIRM_EMAIL) enters the queue. With
    MODERATION_AUTO_APPROVE_KNOWN, an unflagged comment from a sender whose earlier comments are all approved is
    published at once. Raises signing.BadSignature for a forged, expired or stale link (erased sender).
    """
    data = confirmation_check(token=token)
    with transaction.atomic():
        moderation = (
            CommentModeration.objects.select_for_update().select_related("comment")
            .filter(comment_id=data["comment_id"], sender_key=data["sender_key"]).first()
        )
        if moderation is None:
            raise signing.BadSignature("no such comment from this sender")
        entered_queue = moderation.awaits_confirmation
        if entered_queue or moderation.email_confirmed_at is None:
            moderation.awaits_confirmation = False
            moderation.email_confirmed_at = moderation.email_confirmed_at or timezone.now()
            moderation.save(update_fields=["awaits_confirmation", "email_confirmed_at"])
        if _may_auto_approve(moderation):
            _comment_decide(comment=moderation.comment, by=None, to_state=CommentState.APPROVED, reason=_(
                "Approved automatically: the sender confirmed the address and its earlier comments are approved."))
        elif entered_queue:
            transaction.on_commit(_schedule_moderator_notification)
    moderation.refresh_from_db(fields=["state"])
    return moderation.comment


def _comment_decide(*, comment: XtdComment, by, to_state: str, reason: str = "") -> CommentDecision:
    with transaction.atomic():
        moderation = CommentModeration.objects.select_for_update().select_related("page").get(comment_id=comment.pk)
        from_state = moderation.state
        now = timezone.now()
        moderation.state = to_state
        moderation.decided_at = now
        moderation.save(update_fields=["state", "decided_at"])
        is_public = to_state == CommentState.APPROVED
        # A queryset update, not save(): xtd's pre_save hook would otherwise cascade is_public onto the replies.
        XtdComment.norel_objects.filter(pk=comment.pk).update(is_public=is_public)
        decision = CommentDecision.objects.create(
            comment_id=comment.pk, actor=by if by is not None and by.is_authenticated else None,
            from_state=from_state, to_state=to_state, reason=reason or "", created_at=now,
        )
        log_action(
            comment,
            ACTION_BY_STATE[to_state],
            user=decision.actor,
            page_id=moderation.page_id,
            data={"comment_id": comment.pk, "from_state": from_state, "to_state": to_state, "reason": reason or ""},
        )
        if is_public and from_state != CommentState.APPROVED:
            comment_id = comment.pk
            transaction.on_commit(lambda: _send_publication_mails(comment_id))
    comment.is_public = is_public
    return decision


def _send_publication_mails(comment_id: int):
    from dialog_moderation.tasks import send_publication_mails

    send_publication_mails.enqueue(comment_id)


def comment_approve(*, comment: XtdComment, by, reason: str = "") -> CommentDecision:
    return _comment_decide(comment=comment, by=by, to_state=CommentState.APPROVED, reason=reason)


def comment_reject(*, comment: XtdComment, by, reason: str = "") -> CommentDecision:
    return _comment_decide(comment=comment, by=by, to_state=CommentState.REJECTED, reason=reason)


def comment_mark_spam(*, comment: XtdComment, by, reason: str = "") -> CommentDecision:
    return _comment_decide(comment=comment, by=by, to_state=CommentState.SPAM, reason=reason)


DECIDERS = {"approve": comment_approve, "reject": comment_reject, "spam": comment_mark_spam}


def comment_reply_as_staff(*, parent: XtdComment, by, text: str) -> XtdComment:
    """A reply from the organisation, published at once and marked as staff."""
    errors: dict = {}
    text, _removed = _clean_text(text, field_name="text", errors=errors)
    if errors or not text or len(text) > setting("MAX_LENGTH"):
        raise CommentSubmissionError(_("Write a reply (at most %(max)s characters, without control characters).") % {
            "max": setting("MAX_LENGTH")})
    parent_moderation = CommentModeration.objects.select_related("page").get(comment_id=parent.pk)
    if parent_moderation.state != CommentState.APPROVED:
        raise CommentSubmissionError(_("Approve the comment before you reply to it."))
    while parent.level >= max_thread_level() and parent.parent_id != parent.pk:
        parent = XtdComment.norel_objects.get(pk=parent.parent_id)
    now = timezone.now()
    with transaction.atomic():
        list(XtdComment.norel_objects.select_for_update().filter(pk=parent.thread_id))
        reply = XtdComment(
            content_type_id=parent.content_type_id, object_pk=parent.object_pk, site_id=parent.site_id,
            user=by, user_name=setting("STAFF_NAME"), user_email=by.email or "", comment=text, submit_date=now,
            is_public=True, parent_id=parent.pk,
        )
        reply.save()
        _moderation_create(
            comment=reply, page_id=parent_moderation.page_id, state=CommentState.APPROVED, submitted_at=now,
            decided_at=now, is_staff_reply=True, sender_key=senders.normalise_email(by.email or ""),
        )
        CommentDecision.objects.create(comment=reply, actor=by, from_state="", to_state=CommentState.APPROVED,
                                       reason=_("Reply from the editors"), created_at=now)
        log_action(reply, "moderation.comment.reply", user=by, page_id=parent_moderation.page_id,
                   data={"comment_id": reply.pk, "parent_id": parent.pk})
        reply_id = reply.pk
        transaction.on_commit(lambda: _send_publication_mails(reply_id))
    return reply


def _sender_comment_ids(sender_key: str, typed: str) -> tuple[set[int], set[str]]:
    """Every comment of one mailbox, and the spellings its address was typed in: rows carrying the normalised key,
    and comments whose typed address normalises to it (rows from before the key, comments written outside the
    plugin)."""
    ids = set(CommentModeration.objects.filter(sender_key=sender_key).values_list("comment_id", flat=True))
    addresses = XtdComment.norel_objects.exclude(user_email="").order_by().values_list("user_email", flat=True)
    spellings = {typed} | {address for address in addresses.distinct() if senders.normalise_email(address) == sender_key}
    ids |= set(XtdComment.norel_objects.filter(user_email__in=spellings).values_list("pk", flat=True))
    return ids, spellings


def _may_hold_an_address(field_name: str) -> Q:
    return Q(**{f"{field_name}__contains": "@"}) | Q(**{f"{field_name}__contains": "\uff20"})


def _redact_log_entries(comment_ids, needles: senders.SenderRedactor, *, names: bool = True) -> dict[int, int]:
    """Redacts the log entries about these comments (their data and label) in place: moderation's own
    CommentLogEntry, and any entry about them still in Wagtail's page or model log. Returns the number of entries
    changed per comment id."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    changed: dict[int, int] = {}
    comment_ids = list(comment_ids)
    if not comment_ids:
        return changed
    sources = [(CommentLogEntry, {"comment_id__in": comment_ids}, lambda entry: entry.comment_id)]
    sources += [(model, {"data__comment_id__in": comment_ids}, lambda entry: entry.data.get("comment_id"))
                for model in (PageLogEntry, ModelLogEntry)]
    for model, lookup, comment_of in sources:
        for entry in model.objects.filter(**lookup).iterator():
            data, label = needles.json(entry.data, names=names), needles.json(entry.label, names=names)
            if data != entry.data or label != entry.label:
                model.objects.filter(pk=entry.pk).update(data=data, label=label)
                comment_id = comment_of(entry)
                changed[comment_id] = changed.get(comment_id, 0) + 1
    return changed


def commenter_erase(*, email: str, remove_text: bool = False) -> dict:
    """Erase one sender (every spelling of the address) from the database: their comments are anonymised, their
    names and addresses are redacted from their texts, the decision reasons and the log entries about their
    comments, and their address from everyone else's texts, reasons and log entries. Decisions are changed in place
    with `redacted_at` set. The erasure is logged per comment with counts only. Returns the counts per kind."""
    typed = email.strip()
    sender_key = senders.normalise_email(typed)
    marker = _("[removed]")
    placeholder = _("[The text has been removed at the sender's request.]")
    counts = {"comments": 0, "own_texts": 0, "other_texts": 0, "decisions": 0, "log_entries": 0,
              "text_removed": remove_text}
    if "@" not in sender_key:
        return counts  # not an address: redacting its text everywhere would damage unrelated comments
    now = timezone.now()
    with transaction.atomic():
        # Deleting the sender's lock first waits for, and then holds off, the sender's submissions, in the order
        # comment_submit takes its locks (the sender's lock before any comment's).
        SenderLock.objects.filter(key__in=sender_lock_keys(ip=None, email=typed)).delete()
        ids, spellings = _sender_comment_ids(sender_key, typed)
        comments = list(XtdComment.norel_objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        names = {comment.user_name for comment in comments if comment.user_name}
        spellings |= {comment.user_email for comment in comments if comment.user_email}
        needles = senders.SenderRedactor(sender_key=sender_key, marker=marker, spellings=spellings, names=names)
        anonymous = _("Anonymous")
        for comment in comments:
            text = placeholder if remove_text else needles.names_and_addresses(comment.comment)
            counts["own_texts"] += text != comment.comment
            XtdComment.norel_objects.filter(pk=comment.pk).update(
                user_name=anonymous, user_email="", user_url="", ip_address=None, followup=False, comment=text)
        CommentModeration.objects.filter(comment_id__in=ids).update(
            ip=None, sender_key="", notify_on_publish=False, text_fingerprint=""
        )
        counts["comments"] = len(comments)
        # The organisation's replies to their comments often greet them by name: those lose the names too.
        staff_replies = set(CommentModeration.objects.filter(is_staff_reply=True, comment__parent_id__in=ids)
                            .exclude(comment_id__in=ids).values_list("comment_id", flat=True))
        others = XtdComment.norel_objects.exclude(pk__in=ids).filter(
            _may_hold_an_address("comment") | Q(pk__in=staff_replies))
        for comment_id, text in others.values_list("pk", "comment"):
            redacted = needles.names_and_addresses(text) if comment_id in staff_replies else needles.addresses(text)
            if redacted != text:
                XtdComment.norel_objects.filter(pk=comment_id).update(comment=redacted)
                counts["other_texts"] += 1

        decisions_per_comment: dict[int, int] = {}
        other_ids_with_address = set()
        candidates = CommentDecision.objects.filter(Q(comment_id__in=ids) | _may_hold_an_address("reason"))
        for decision_id, comment_id, reason in candidates.values_list("pk", "comment_id", "reason"):
            own = comment_id in ids
            redacted = needles.names_and_addresses(reason) if own else needles.addresses(reason)
            if redacted != reason:
                # Decisions are append-only (CommentDecision.save refuses); erasure is the one change they get.
                CommentDecision.objects.filter(pk=decision_id).update(reason=redacted, redacted_at=now)
                decisions_per_comment[comment_id] = decisions_per_comment.get(comment_id, 0) + 1
                if not own:
                    other_ids_with_address.add(comment_id)
        counts["decisions"] = sum(decisions_per_comment.values())
        logs_per_comment = _redact_log_entries(ids, needles)
        for comment_id, changed in _redact_log_entries(other_ids_with_address, needles, names=False).items():
            logs_per_comment[comment_id] = logs_per_comment.get(comment_id, 0) + changed
        counts["log_entries"] = sum(logs_per_comment.values())

        for comment in comments:
            log_action(comment, "moderation.commenter.erase", user=None, data={
                "comment_id": comment.pk, "text_removed": remove_text,
                "decisions_redacted": decisions_per_comment.get(comment.pk, 0),
                "log_entries_redacted": logs_per_comment.get(comment.pk, 0),
            })
    logger.info("Erased a sender: %s comments, %s own texts, %s other texts, %s decisions, %s log entries.",
                counts["comments"], counts["own_texts"], counts["other_texts"], counts["decisions"],
                counts["log_entries"])
    return counts


def comment_data_prune(*, days: int | None = None) -> dict:
    """Clear IP addresses older than MODERATION_IP_RETENTION_DAYS and delete sender locks created before then.

    Returns the number of comments cleared and of locks deleted. A submission whose lock was deleted creates it again.
    """
    days = setting("IP_RETENTION_DAYS") if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        cleared = CommentModeration.objects.filter(submitted_at__lt=cutoff, ip__isnull=False).update(ip=None)
        XtdComment.norel_objects.filter(submit_date__lt=cutoff, ip_address__isnull=False).update(ip_address=None)
        # Locks in use are left for the next run: waiting for them could deadlock with a submission.
        old_locks = SenderLock.objects.select_for_update(skip_locked=True).filter(created_at__lt=cutoff)
        old_keys = list(old_locks.values_list("key", flat=True))
        locks_deleted, _per_model = SenderLock.objects.filter(key__in=old_keys).delete()
        token_cutoff = timezone.now() - datetime.timedelta(seconds=setting("FORM_MAX_AGE"))
        tokens, _per_model = FormTokenUse.objects.filter(issued_at__lt=token_cutoff).delete()
    return {"ip_cleared": cleared, "locks_deleted": locks_deleted, "cutoff": cutoff, "form_tokens_pruned": tokens}


def mute_token(*, email: str, thread_id: int) -> str:
    return signing.dumps({"s": senders.normalise_email(email), "t": thread_id}, salt=MUTE_SALT, compress=True)


def comment_followup_mute(*, token: str) -> int:
    """Stops follow-up mails in one thread for one sender, whatever spelling each comment used.
    Raises signing.BadSignature."""
    data = signing.loads(token, salt=MUTE_SALT, max_age=60 * 60 * 24 * 365)
    if not isinstance(data, dict):
        raise signing.BadSignature("malformed")
    # Links mailed before senders were normalised carry the address itself.
    sender_key = data.get("s") if isinstance(data.get("s"), str) else senders.normalise_email(str(data.get("e", "")))
    if not sender_key:
        return 0
    return XtdComment.norel_objects.filter(thread_id=data.get("t"), moderation__sender_key=sender_key).update(
        followup=False)

