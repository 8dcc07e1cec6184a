"""Which page types are searchable and how a page becomes a search source: the site tells us.

The search app never imports the site's models. A site module named in the setting
SEARCH_REGISTRY_MODULES (for this site ``blog.search``) calls ``register()`` for each page type.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.db.models import QuerySet

from dialog_search import conf

KINDS = ("post", "profile")


@dataclass
class SearchSource:
    """What a page offers to search, in plain text. search/documents.py adds the analysis fields."""

    title: str
    url: str
    lead: str = ""
    body: str = ""
    keywords: list[str] = field(default_factory=list)  # acronyms and other names worth a high boost
    author: str = ""
    tags: list[str] = field(default_factory=list)
    networks: list[tuple[str, str]] = field(default_factory=list)  # (slug, label)
    date: datetime.date | None = None
    image_url: str = ""


@dataclass(frozen=True)
class Registration:
    model: type
    kind: str
    # Sources for a batch of pages (in order), so related rows are read once per batch, not per page.
    to_sources: Callable[[list], list[SearchSource]]
    prepare: Callable[[QuerySet], QuerySet] = lambda queryset: queryset
    # Pages whose documents name this page and must be rebuilt when it changes (a renamed network).
    dependents: Callable[[object], Iterable[int]] = lambda page: ()

    def to_source(self, page) -> SearchSource:
        (source,) = self.to_sources([page])
        return source


_registrations: dict[type, Registration] = {}


def register(model: type, *, kind: str, to_source=None, to_sources=None, prepare=None, dependents=None) -> None:
    """Register a page type: give ``to_source(page)`` or, to read related rows once per batch, ``to_sources(pages)``."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if (to_source is None) == (to_sources is None):
        raise ValueError("give exactly one of to_source and to_sources")
    to_sources = to_sources or (lambda pages: [to_source(page) for page in pages])
    options = {"prepare": prepare, "dependents": dependents}
    _registrations[model] = Registration(model=model, kind=kind, to_sources=to_sources,
                                         **{key: value for key, value in options.items() if value})


def load() -> None:
    for module in conf.get("SEARCH_REGISTRY_MODULES"):
        import_module(module)


def registrations() -> list[Registration]:
    return list(_registrations.values())


def registration_for(model: type) -> Registration | None:
    return _registrations.get(model)


def indexed_models() -> list[type]:
    return list(_registrations)
