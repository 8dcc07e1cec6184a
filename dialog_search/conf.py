"""The search app's knobs, read from Django settings with documented defaults (dialog_search/README.md)."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DEFAULTS = {
    "SEARCH_ENABLED": True,
    "ELASTICSEARCH_URL": "http://127.0.0.1:9201",
    "ELASTICSEARCH_INDEX_PREFIX": "dialog",
    "ELASTICSEARCH_TIMEOUT": 2.5,  # seconds, for readers' searches
    "ELASTICSEARCH_INDEX_TIMEOUT": 30.0,  # seconds, for indexing and rebuilds
    # A new index's shards, and its replicas as Elasticsearch's auto_expand_replicas range ("0-1": one replica
    # as soon as a second node is there; "1-all": a copy on every node).
    "ELASTICSEARCH_SHARDS": 1,
    "ELASTICSEARCH_REPLICAS": "0-1",
    # Production clusters: TLS with a CA bundle, and an API key or a user name and password.
    "ELASTICSEARCH_API_KEY": "",
    "ELASTICSEARCH_USERNAME": "",
    "ELASTICSEARCH_PASSWORD": "",
    "ELASTICSEARCH_CA_CERTS": "",
    "SEARCH_REGISTRY_MODULES": [],  # modules that register the host's kinds and facets (dialog_search.registry)
    # Word lists: a path to a UTF-8 file (one word a line, # comments) or an iterable of words.
    "SEARCH_COMPOUND_PARTS": Path(__file__).resolve().parent / "data" / "compound_parts.txt",
    "SEARCH_STOPWORDS": Path(__file__).resolve().parent / "data" / "stopwords_sv.txt",
    # The URL namespace of the host's django-ninja API that mounts dialog_search.api.router (NinjaAPI's default
    # urls_namespace is "api"); the header search box's autocomplete reverses "<namespace>:suggest_titles".
    "SEARCH_API_NAMESPACE": "api",
    # How much a match in each text field of a document counts, relative to the others (a missing field keeps its
    # default). Every clause of the query scales its own weight for the field by this, so the defaults give
    # exactly the tuned query the relevance tests judge.
    "SEARCH_FIELD_BOOSTS": {"title": 6, "keywords": 6, "lead": 3, "tags": 3, "author": 2, "body": 1},
    "SEARCH_RESULTS_PER_PAGE": 10,
    "SEARCH_QUERY_MAX_LENGTH": 200,
    "SEARCH_MAX_RESULT_WINDOW": 10000,
    "SEARCH_TASK_RETRY_DELAY": 5.0,  # seconds before the first retry while Elasticsearch is away
    "SEARCH_TASK_RETRY_MAX_DELAY": 60.0,  # so the index catches up within a minute of the engine returning
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def urls() -> list[str]:
    raw = get("ELASTICSEARCH_URL") or ""
    if isinstance(raw, (list, tuple)):
        return [url.strip() for url in raw if url.strip()]
    return [url.strip() for url in raw.split(",") if url.strip()]


def credentials() -> dict:
    """Authentication and TLS options for the client, from the settings that are set."""
    options = {}
    if get("ELASTICSEARCH_API_KEY"):
        options["api_key"] = get("ELASTICSEARCH_API_KEY")
    elif get("ELASTICSEARCH_USERNAME"):
        options["basic_auth"] = (get("ELASTICSEARCH_USERNAME"), get("ELASTICSEARCH_PASSWORD"))
    if get("ELASTICSEARCH_CA_CERTS"):
        options["ca_certs"] = get("ELASTICSEARCH_CA_CERTS")
    return options


def enabled() -> bool:
    return bool(get("SEARCH_ENABLED")) and bool(urls())


@dataclass(frozen=True)
class IndexNames:
    alias: str
    pattern: str

    def versioned(self, stamp: str) -> str:
        return f"{self.alias}-{stamp}"


def index_names(index: str) -> IndexNames:
    """The alias readers search for a registered index (by default the kind's name): "<prefix>-<index>s"."""
    alias = f"{get('ELASTICSEARCH_INDEX_PREFIX')}-{index}s"
    return IndexNames(alias=alias, pattern=f"{alias}-*")
