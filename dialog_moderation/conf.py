"""The moderation app's knobs. Each is read from Django settings at call time, with the documented default.

COMMENTS_XTD_MAX_THREAD_LEVEL      2      (django-comments-xtd) deepest reply level: 0 = no replies, 2 = a reply to a reply
MODERATION_MAX_LENGTH              3000   longest comment text, in characters
MODERATION_MAX_NAME_LENGTH         50     longest commenter name (django-comments' column holds 50)
MODERATION_MAX_LINKS               2      more links than this in a comment flags it
MODERATION_RATE_LIMIT_WINDOW       3600   seconds over which submissions are counted
MODERATION_RATE_LIMIT_PER_IP       10     submissions per IP address per window; more answer 429
MODERATION_RATE_LIMIT_PER_EMAIL    5      submissions per email address per window; more answer 429
MODERATION_FORM_MIN_SECONDS        2      a form posted sooner than this after it was rendered is refused
MODERATION_FORM_MAX_AGE            86400  a form older than this (seconds) is refused
MODERATION_FORM_TOKEN_MAX_USES     3      times one form token (HTML form or API) may be sent; more are refused
MODERATION_AUTO_APPROVE_KNOWN      False  publish an unflagged comment once its sender followed the mailed link, if all
                                          their earlier comments are approved (README: "Confirmation and auto-approval")
MODERATION_CONFIRM_EMAIL           False  anonymous comments wait for an email confirmation (JSON-signed link)
MODERATION_CONFIRM_MAX_AGE         172800 seconds a confirmation link stays valid
MODERATION_NOTIFY_INTERVAL         15     minutes between two mails to the moderators (batched)
MODERATION_CLOSE_AFTER_DAYS        0      close comments this many days after publication; 0 never closes
MODERATION_TRUSTED_PROXY_COUNT     0      reverse proxies whose X-Forwarded-For entries are trusted
MODERATION_IP_RETENTION_DAYS       30     prune_comment_data clears IPs and deletes sender locks older than this
MODERATION_STAFF_NAME              WAGTAIL_SITE_NAME  the name shown on replies from the organisation
MODERATION_COMMENTABLE_MODELS      []     extra "app_label.Model" page types that take comments
                                          (besides those inheriting CommentablePageMixin)
"""

from django.conf import settings

DEFAULTS = {
    "MAX_LENGTH": 3000,
    "MAX_NAME_LENGTH": 50,
    "MAX_LINKS": 2,
    "RATE_LIMIT_WINDOW": 3600,
    "RATE_LIMIT_PER_IP": 10,
    "RATE_LIMIT_PER_EMAIL": 5,
    "FORM_MIN_SECONDS": 2,
    "FORM_MAX_AGE": 86400,
    "FORM_TOKEN_MAX_USES": 3,
    "AUTO_APPROVE_KNOWN": False,
    "CONFIRM_EMAIL": False,
    "CONFIRM_MAX_AGE": 172800,
    "NOTIFY_INTERVAL": 15,
    "CLOSE_AFTER_DAYS": 0,
    "TRUSTED_PROXY_COUNT": 0,
    "IP_RETENTION_DAYS": 30,
    "STAFF_NAME": None,
    "COMMENTABLE_MODELS": [],
    "MAX_THREAD_LEVEL": 2,  # read from COMMENTS_XTD_MAX_THREAD_LEVEL
}


def setting(name: str):
    if name == "MAX_THREAD_LEVEL":
        # django-comments-xtd's own setting, whose xtd default is 0; the plugin's documented default is 2.
        return getattr(settings, "COMMENTS_XTD_MAX_THREAD_LEVEL", 2)
    if name == "STAFF_NAME":
        return getattr(settings, "MODERATION_STAFF_NAME", None) or getattr(settings, "WAGTAIL_SITE_NAME", "Redaktionen")
    return getattr(settings, f"MODERATION_{name}", DEFAULTS[name])
