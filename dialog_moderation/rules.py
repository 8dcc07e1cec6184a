"""The automatic first pass on a submitted comment. It only ever returns flags; it never drops a comment.

Each flag is {"code", "message"}; the message (English msgid, translated when the comment is checked, so in the language
active then: the site's LANGUAGE_CODE for a form post without Accept-Language) is stored with the flag and shown to
the moderator.
"""

import datetime
import hashlib
import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext as _

from dialog_moderation.conf import setting
from dialog_moderation.senders import normalise_email

# Bidirectional overrides/isolates and zero-width characters: they can disguise text, so they are removed and flagged.
INVISIBLE_CHARACTERS = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"),
)
LINK_PATTERN = re.compile(
    r"(?:https?://|ftp://|www\.)\S+|(?:javascript|data):\S*"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:se|com|net|org|nu|io|info|eu|ru)\b(?:/\S*)?",
    re.I,
)
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_PATTERN = re.compile(r"(?<![\w+])(?:\+46|0046|0)\s*\(?\d{1,3}\)?(?:[\s-]*\d){5,8}(?!\d)")
PERSONNUMMER_PATTERN = re.compile(r"(?<!\d)(\d{2})?(\d{2})(\d{2})(\d{2})[-+ ]?(\d{4})(?!\d)")


def strip_invisible(text: str) -> tuple[str, bool]:
    cleaned = text.translate(INVISIBLE_CHARACTERS)
    return cleaned, cleaned != text


def has_forbidden_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in text)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def contains_personnummer(text: str) -> bool:
    for match in PERSONNUMMER_PATTERN.finditer(text):
        _century, year, month, day, tail = match.groups()
        month_number, day_number = int(month), int(day)
        if day_number > 60:  # samordningsnummer
            day_number -= 60
        if not (1 <= month_number <= 12 and 1 <= day_number <= 31):
            continue
        if luhn_valid(year + month + day + tail):
            return True
    return False


def fingerprint(text: str) -> str:
    normalised = " ".join(text.lower().split())
    return hashlib.sha256(normalised.encode()).hexdigest()


def first_pass(*, text: str, name: str, email: str, invisible_removed: bool = False) -> list[dict]:
    from dialog_moderation.models import CommentModeration, CommentPolicySettings

    flags = []

    def flag(code, message):
        flags.append({"code": code, "message": message})

    if invisible_removed:
        flag("invisible", _("Invisible or direction characters were removed from the text."))
    links = len(LINK_PATTERN.findall(text))
    if links > setting("MAX_LINKS"):
        flag("links", _("The text contains %(count)s links (at most %(max)s without review).") % {
            "count": links, "max": setting("MAX_LINKS")})
    haystack = f"{name}\n{text}".lower()
    blocked = [word for word in CommentPolicySettings.load().blocked_word_list() if word in haystack]
    if blocked:
        flag("blocklist", _("Contains blocked words: %(words)s.") % {"words": ", ".join(blocked)})
    if contains_personnummer(text):
        flag("personnummer", _("The text seems to contain a personal identity number."))
    if PHONE_PATTERN.search(text):
        flag("phone", _("The text seems to contain a phone number."))
    if EMAIL_PATTERN.search(text):
        flag("email", _("The text contains an email address."))
    since = timezone.now() - datetime.timedelta(days=30)
    if CommentModeration.objects.filter(
        sender_key=normalise_email(email), text_fingerprint=fingerprint(text), submitted_at__gte=since
    ).exists():
        flag("duplicate", _("The same text has already been sent by the same sender."))
    return flags
