"""Each system check of the plugin fails on the host's wrong setting and passes on the right one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.test import override_settings

from dialog_moderation import checks as moderation_checks
from dialog_search import checks as search_checks

REPO = Path(__file__).resolve().parent.parent


def ids(messages) -> set[str]:
    return {message.id for message in messages}


def test_the_host_as_configured_passes_every_check():
    assert checks.run_checks(include_deployment_checks=False) == []


@pytest.mark.parametrize(("labels", "expected"), [
    (["host.ArticlePage"], set()),
    (["host.NoSuchPage"], {"dialog_moderation.E001"}),
    (["not-a-label"], {"dialog_moderation.E001"}),
    (["auth.User"], {"dialog_moderation.E002"}),
    (["host.HomePage"], {"dialog_moderation.E003"}),
    ("host.ArticlePage", {"dialog_moderation.E010"}),
])
def test_commentable_models(labels, expected):
    with override_settings(MODERATION_COMMENTABLE_MODELS=labels):
        messages = moderation_checks.check_commentable_models(None)
    assert ids(messages) == expected
    assert all(message.hint for message in messages)


def test_a_page_without_the_mixin_is_named_with_what_to_do():
    with override_settings(MODERATION_COMMENTABLE_MODELS=["host.HomePage"]):
        (error,) = moderation_checks.check_commentable_models(None)
    assert "host.HomePage" in error.msg and "CommentablePageMixin" in error.hint


def test_comments_app():
    assert moderation_checks.check_comments_app(None) == []
    with override_settings(COMMENTS_APP="django_comments"):
        assert ids(moderation_checks.check_comments_app(None)) == {"dialog_moderation.E004"}


def check_without(*apps) -> subprocess.CompletedProcess:
    """`manage.py check` of the test host with these apps left out of INSTALLED_APPS, in a process of its own (the
    app registry is built once per process, and Wagtail's apps cannot be loaded twice)."""
    script = (
        "import django, plugin_tests.host.settings as s\n"
        f"s.INSTALLED_APPS = [a for a in s.INSTALLED_APPS if a not in {apps!r}]\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('check')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "plugin_tests.host.settings"}
    return subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("app", ["django_comments_xtd", "django_comments", "django.contrib.sites"])
def test_comment_apps_missing_stop_the_start_with_what_to_add(app):
    result = check_without(app)
    assert result.returncode != 0
    assert "ImproperlyConfigured: dialog_moderation.E005" in result.stderr
    assert repr(app) in result.stderr.splitlines()[-1]


def test_task_backend():
    assert moderation_checks.check_task_backend(None) == []
    with override_settings(TASKS={}):
        assert ids(moderation_checks.check_task_backend(None)) == {"dialog_moderation.W007"}
    result = check_without("django_tasks", "django_tasks_db")
    assert result.returncode != 0 and "dialog_moderation.E006" in result.stderr


def test_url_includes():
    assert moderation_checks.check_urls(None) == []
    assert search_checks.check_urls(None) == []
    with override_settings(ROOT_URLCONF="plugin_tests.test_checks_urls"):
        assert ids(moderation_checks.check_urls(None)) == {"dialog_moderation.E008"}
        assert ids(search_checks.check_urls(None)) == {"dialog_search.E005"}


def test_site_id(settings):
    assert moderation_checks.check_sites(None) == []
    del settings.SITE_ID
    assert ids(moderation_checks.check_sites(None)) == {"dialog_moderation.E009"}


@pytest.mark.parametrize(("value", "expected"), [
    ("", set()),
    ("http://127.0.0.1:9200", set()),
    ("https://a.example:9200, https://b.example:9200", set()),
    (["http://a:9200", "http://b:9200"], set()),
    ("127.0.0.1:9200", {"dialog_search.E002"}),
    ("ftp://a.example", {"dialog_search.E002"}),
    (9200, {"dialog_search.E001"}),
    (["http://a:9200", None], {"dialog_search.E001"}),
])
def test_elasticsearch_url(value, expected):
    with override_settings(ELASTICSEARCH_URL=value):
        assert ids(search_checks.check_elasticsearch_url(None)) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (["plugin_tests.host.search"], set()),
    (["plugin_tests.host.no_such_module"], {"dialog_search.E004"}),
    ("plugin_tests.host.search", {"dialog_search.E003"}),
])
def test_registry_modules(value, expected):
    with override_settings(SEARCH_REGISTRY_MODULES=value):
        assert ids(search_checks.check_registry_modules(None)) == expected


def test_search_on_with_nothing_registered_warns(monkeypatch):
    from dialog_search import registry

    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9200", SEARCH_ENABLED=True):
        assert search_checks.check_registry_modules(None) == []
        monkeypatch.setattr(registry, "_registrations", {})
        assert ids(search_checks.check_registry_modules(None)) == {"dialog_search.W006"}


def test_manage_py_check_fails_on_a_wrong_setting():
    """The checks are registered (AppConfig.ready): Django's own run finds them."""
    with override_settings(COMMENTS_APP="django_comments"):
        assert "dialog_moderation.E004" in ids(checks.run_checks())
