"""System checks: what the moderation plugin needs from its host, checked at start-up (manage.py check, runserver,
migrate) so a wrong setting fails with a message that says what to do, not later on a reader's request.

dialog_moderation.E001  an entry of MODERATION_COMMENTABLE_MODELS is not an installed model
dialog_moderation.E002  an entry of MODERATION_COMMENTABLE_MODELS is not a Wagtail page type
dialog_moderation.E003  an entry of MODERATION_COMMENTABLE_MODELS lacks CommentablePageMixin
dialog_moderation.E004  COMMENTS_APP is not "django_comments_xtd"
dialog_moderation.E005  django_comments_xtd, django_comments or django.contrib.sites is not in INSTALLED_APPS: raised as
                        ImproperlyConfigured while apps load (dialog_moderation.apps), before checks can run
dialog_moderation.E006  django_tasks is not in INSTALLED_APPS (the plugin's mails and notices are tasks)
dialog_moderation.W007  TASKS is not set: tasks run in the request (django_tasks' ImmediateBackend)
dialog_moderation.E008  the plugin's public URLs are not included (dialog_moderation:post cannot be reversed)
dialog_moderation.E009  SITE_ID is not set (django-comments-xtd needs it)
dialog_moderation.E010  MODERATION_COMMENTABLE_MODELS is not a list of "app_label.ModelName" strings
"""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.urls import NoReverseMatch, reverse

from dialog_moderation.conf import setting

ID = "dialog_moderation.{}"


@checks.register(checks.Tags.models)
def check_commentable_models(app_configs, **kwargs):
    from wagtail.models import Page

    from dialog_moderation.models import CommentablePageMixin

    labels = setting("COMMENTABLE_MODELS")
    if isinstance(labels, str) or not isinstance(labels, (list, tuple)) or not all(isinstance(x, str) for x in labels):
        return [checks.Error(
            "MODERATION_COMMENTABLE_MODELS must be a list of model labels such as \"blog.ArticlePage\".",
            hint=f"It is {labels!r}.", id=ID.format("E010"))]
    errors = []
    for label in labels:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            errors.append(checks.Error(
                f"MODERATION_COMMENTABLE_MODELS names {label!r}, which is not an installed model.",
                hint="Use the \"app_label.ModelName\" of a page type of an app in INSTALLED_APPS.",
                id=ID.format("E001")))
            continue
        if not issubclass(model, Page):
            errors.append(checks.Error(
                f"MODERATION_COMMENTABLE_MODELS names {label!r}, which is not a Wagtail page type.",
                hint="Only pages take comments: remove it from the setting.", obj=model, id=ID.format("E002")))
        elif not issubclass(model, CommentablePageMixin):
            errors.append(checks.Error(
                f"{label} is in MODERATION_COMMENTABLE_MODELS but does not inherit CommentablePageMixin.",
                hint=(f"Declare it as `class {model.__name__}(CommentablePageMixin, Page)` (from "
                      "dialog_moderation.models) with an `allow_comments` BooleanField and make a migration; a page "
                      "type with the mixin takes comments without being listed here."),
                obj=model, id=ID.format("E003")))
    return errors


@checks.register()
def check_comments_app(app_configs, **kwargs):
    errors = []
    if getattr(settings, "COMMENTS_APP", None) != "django_comments_xtd":
        errors.append(checks.Error(
            "COMMENTS_APP must be \"django_comments_xtd\": the plugin moderates django-comments-xtd's comments.",
            hint="Add COMMENTS_APP = \"django_comments_xtd\" to your settings.", id=ID.format("E004")))
    return errors


@checks.register()
def check_task_backend(app_configs, **kwargs):
    if not apps.is_installed("django_tasks"):
        return [checks.Error(
            "django_tasks must be in INSTALLED_APPS: the plugin sends its mails and notices as background tasks.",
            hint="Add \"django_tasks\" (and a backend app such as \"django_tasks_db\") to INSTALLED_APPS and set TASKS.",
            id=ID.format("E006"))]
    if not getattr(settings, "TASKS", None):
        return [checks.Warning(
            "TASKS is not set, so django_tasks runs every task inside the request that enqueued it (a slow mail "
            "server then slows down posting and moderating).",
            hint="Set TASKS = {\"default\": {\"BACKEND\": \"django_tasks_db.DatabaseBackend\"}} and run "
                 "`manage.py db_worker`, or set the ImmediateBackend explicitly to keep this behaviour.",
            id=ID.format("W007"))]
    return []


@checks.register(checks.Tags.urls)
def check_urls(app_configs, **kwargs):
    try:
        reverse("dialog_moderation:post")
    except NoReverseMatch:
        return [checks.Error(
            "The moderation plugin's public URLs are not included: \"dialog_moderation:post\" cannot be reversed, "
            "so the comment form has nowhere to post.",
            hint="Add path(\"comments/\", include(\"dialog_moderation.urls\")) to your ROOT_URLCONF, before "
                 "Wagtail's catch-all include(wagtail.urls).",
            id=ID.format("E008"))]
    return []


@checks.register()
def check_sites(app_configs, **kwargs):
    if getattr(settings, "SITE_ID", None) is None:
        return [checks.Error(
            "SITE_ID is not set: django-comments-xtd stores each comment with its django.contrib.sites site.",
            hint="Add SITE_ID = 1 (the id of your django.contrib.sites Site) to your settings.",
            id=ID.format("E009"))]
    return []
