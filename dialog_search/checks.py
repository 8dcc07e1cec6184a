"""System checks: what the search plugin needs from its host, checked at start-up with a message saying what to do.

dialog_search.E001  ELASTICSEARCH_URL is not a URL string, a comma-separated string of URLs or a list of URLs
dialog_search.E002  an ELASTICSEARCH_URL entry is not an http:// or https:// URL
dialog_search.E003  SEARCH_REGISTRY_MODULES is not a list of module names
dialog_search.E004  a module of SEARCH_REGISTRY_MODULES cannot be imported
dialog_search.E005  the search page URL is not included (dialog_search:page cannot be reversed)
dialog_search.W006  search is on but no page type is registered (nothing would be indexed)
dialog_search.E007  SEARCH_FIELD_BOOSTS is not a dict of known text fields to numbers >= 0
"""

from importlib import import_module
from urllib.parse import urlsplit

from django.core import checks
from django.urls import NoReverseMatch, reverse

from dialog_search import conf

ID = "dialog_search.{}"


@checks.register()
def check_elasticsearch_url(app_configs, **kwargs):
    raw = conf.get("ELASTICSEARCH_URL")
    if raw is None or raw == "":
        return []  # search off: documented (the search page and API answer 503)
    if isinstance(raw, (list, tuple)):
        if not all(isinstance(url, str) for url in raw):
            raw = None
    elif not isinstance(raw, str):
        raw = None
    if raw is None:
        return [checks.Error(
            "ELASTICSEARCH_URL must be a URL, a comma-separated string of URLs or a list of URL strings.",
            hint="For example ELASTICSEARCH_URL = \"https://search.example.org:9200\"; an empty string turns search "
                 "off.", id=ID.format("E001"))]
    errors = []
    for url in conf.urls():
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            errors.append(checks.Error(
                f"ELASTICSEARCH_URL has {url!r}, which is not an http:// or https:// URL with a host.",
                hint="Write each node as scheme://host:port, e.g. http://127.0.0.1:9200.", id=ID.format("E002")))
    return errors


@checks.register()
def check_registry_modules(app_configs, **kwargs):
    from dialog_search import registry

    modules = conf.get("SEARCH_REGISTRY_MODULES")
    if isinstance(modules, str) or not isinstance(modules, (list, tuple)) or not all(
            isinstance(name, str) for name in modules):
        return [checks.Error(
            "SEARCH_REGISTRY_MODULES must be a list of module names.",
            hint=f"It is {modules!r}; e.g. SEARCH_REGISTRY_MODULES = [\"mysite.search\"].", id=ID.format("E003"))]
    errors = []
    for name in modules:
        try:
            import_module(name)
        except ImportError as error:
            errors.append(checks.Error(
                f"SEARCH_REGISTRY_MODULES names {name!r}, which cannot be imported ({error}).",
                hint="Name the dotted path of the module that calls dialog_search.registry.register() for your "
                     "page types.", id=ID.format("E004")))
    if not errors and conf.enabled() and not registry.registrations():
        errors.append(checks.Warning(
            "Search is on but no page type is registered, so nothing is indexed and every search finds nothing.",
            hint="Call dialog_search.registry.register() in a module named in SEARCH_REGISTRY_MODULES, or set "
                 "SEARCH_ENABLED = False.", id=ID.format("W006")))
    return errors


@checks.register(checks.Tags.urls)
def check_urls(app_configs, **kwargs):
    try:
        reverse("dialog_search:page")
    except NoReverseMatch:
        return [checks.Error(
            "The search page URL is not included: \"dialog_search:page\" cannot be reversed.",
            hint="Add path(\"search/\", include(\"dialog_search.urls\")) to your ROOT_URLCONF, before Wagtail's "
                 "catch-all include(wagtail.urls).", id=ID.format("E005"))]
    return []


@checks.register()
def check_field_boosts(app_configs, **kwargs):
    boosts = conf.get("SEARCH_FIELD_BOOSTS")
    known = conf.DEFAULTS["SEARCH_FIELD_BOOSTS"]
    if isinstance(boosts, dict) and all(
            name in known and isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
            for name, value in boosts.items()):
        return []
    return [checks.Error(
        f"SEARCH_FIELD_BOOSTS must map text fields ({', '.join(known)}) to numbers >= 0; it is {boosts!r}.",
        hint="For example SEARCH_FIELD_BOOSTS = {\"title\": 8, \"body\": 1}; a field left out keeps its default, 0 "
             "leaves it out of the query.", id=ID.format("E007"))]
