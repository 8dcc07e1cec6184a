"""What the host site searches: its document kinds and its facets. The search app names none of them itself.

The search app never imports the host's models. A module named in the setting SEARCH_REGISTRY_MODULES
calls, at start-up:

- ``register(model, kind=..., label=..., to_source=...)`` once per page type: the kind's name (also the
  ``kind`` of its hits and the default name of its index), the label readers see, and how a page becomes a
  SearchSource. Several page types may share a kind; several kinds may share an index (``index=``);
- ``register_facet(name, param=..., label=...)`` once per facet of the host's own (besides the built-in
  tags and year facets): the values a page carries under that name in ``SearchSource.facets``, filtered by
  the query parameter ``param`` and counted on the search page and in the API.

Every search searches every registered kind; the page and the API filter and count every facet.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dialog_search import conf

NAME_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"


@dataclass
class SearchSource:
    """What a page offers to search, in plain text. dialog_search/documents.py adds the analysis fields."""

    title: str
    url: str
    lead: str = ""
    body: str = ""
    keywords: list[str] = field(default_factory=list)  # acronyms and other names worth a high boost
    author: str = ""
    tags: list[str] = field(default_factory=list)
    # Values of the host's facets, by facet name: plain strings, or (value, label) pairs for a labelled facet.
    facets: dict[str, list] = field(default_factory=dict)
    date: datetime.date | None = None
    image_url: str = ""


@dataclass(frozen=True)
class Registration:
    model: type
    kind: str
    label: str
    index: str
    # Sources for a batch of pages (in order), so related rows are read once per batch, not per page.
    to_sources: Callable[[list], list[SearchSource]]
    prepare: Callable[[QuerySet], QuerySet] = lambda queryset: queryset
    # Pages whose documents name this page and must be rebuilt when it changes (a renamed related page).
    dependents: Callable[[object], Iterable[int]] = lambda page: ()
    # Whether autocomplete suggestions of this kind carry the kind's label ("Title (Label)").
    label_suggestions: bool = False

    def to_source(self, page) -> SearchSource:
        (source,) = self.to_sources([page])
        return source


@dataclass(frozen=True)
class Facet:
    """A filter readers can narrow a search with, and its counts.

    ``name`` is the key in SearchSource.facets and the stem of its index fields (``<name>``, and for a labelled
    facet ``<name>_labels``; with a boost also ``<name>_text``); ``param`` is the query parameter (repeatable)
    and the key under ``facets`` in the API's answer. A labelled facet's values are (value, label) pairs: hits
    carry them under ``name`` as {slug, label}. ``boost`` > 0 makes the labels searchable text with that boost.
    """

    name: str
    param: str
    label: str
    size: int = 30
    labelled: bool = False
    boost: float = 0.0
    order: str = "label"  # "label" (alphabetical), "count" (most hits first) or "key_desc" (newest year first)
    builtin: bool = False

    @property
    def field(self) -> str:
        return self.name

    @property
    def aggregation_field(self) -> str:
        return f"{self.name}_labels" if self.labelled else self.field


# Every site has these two: the SearchSource's tags and the year of its date.
BUILTIN_FACETS = (
    Facet("tags", param="tag", label=_("Topics"), size=30, order="count", builtin=True),
    Facet("year", param="year", label=_("Year"), size=50, order="key_desc", builtin=True),
)

_registrations: dict[type, Registration] = {}
_facets: dict[str, Facet] = {}


def register(model: type, *, kind: str, label=None, to_source=None, to_sources=None, prepare=None,
             dependents=None, index: str | None = None, label_suggestions: bool = False) -> None:
    """Register a page type as a kind of document.

    Give ``to_source(page)`` or, to read related rows once per batch, ``to_sources(pages)``; ``prepare(queryset)``
    adds select_related/prefetch_related for the batch; ``dependents(page)`` names the pages whose documents
    show this page's data; ``index`` (default: the kind) lets several kinds share one index.
    """
    import re

    for name, value in (("kind", kind), ("index", index or kind)):
        if not isinstance(value, str) or not re.match(NAME_PATTERN, value):
            raise ValueError(f"{name} must be lowercase letters, digits and _ (at most 40), got {value!r}")
    if (to_source is None) == (to_sources is None):
        raise ValueError("give exactly one of to_source and to_sources")
    for other in _registrations.values():
        if other.kind == kind and other.model is not model and other.index != (index or kind):
            raise ValueError(f"kind {kind!r} is already registered in index {other.index!r}")
    to_sources = to_sources or (lambda pages: [to_source(page) for page in pages])
    options = {"prepare": prepare, "dependents": dependents}
    _registrations[model] = Registration(
        model=model, kind=kind, label=label if label is not None else kind, index=index or kind,
        to_sources=to_sources, label_suggestions=label_suggestions,
        **{key: value for key, value in options.items() if value})


def register_facet(name: str, *, param: str, label, size: int = 30, labelled: bool = False, boost: float = 0.0,
                   order: str = "label") -> Facet:
    """Register a facet of the host's own (the tags and year facets are built in)."""
    import re

    for what, value in (("name", name), ("param", param)):
        if not isinstance(value, str) or not re.match(NAME_PATTERN, value):
            raise ValueError(f"facet {what} must be lowercase letters, digits and _ (at most 40), got {value!r}")
    taken = {facet.name for facet in BUILTIN_FACETS} | {"q", "sort", "page", *(f.param for f in BUILTIN_FACETS)}
    if name in taken or param in taken:
        raise ValueError(f"facet {name!r} (param {param!r}) clashes with a built-in name or parameter")
    if order not in ("label", "count", "key_desc"):
        raise ValueError(f"order must be label, count or key_desc, got {order!r}")
    facet = Facet(name=name, param=param, label=label, size=int(size), labelled=labelled, boost=float(boost),
                  order=order)
    _facets[name] = facet
    return facet


def load() -> None:
    for module in conf.get("SEARCH_REGISTRY_MODULES"):
        import_module(module)


def registrations() -> list[Registration]:
    return list(_registrations.values())


def registration_for(model: type) -> Registration | None:
    return _registrations.get(model)


def indexed_models() -> list[type]:
    return list(_registrations)


def kinds() -> list[str]:
    """The registered kinds, in registration order."""
    return list(dict.fromkeys(registration.kind for registration in _registrations.values()))


def kind_labels() -> dict[str, str]:
    return {registration.kind: registration.label for registration in _registrations.values()}


def indexes() -> list[str]:
    """The registered indexes (each behind its own alias), in registration order."""
    return list(dict.fromkeys(registration.index for registration in _registrations.values()))


def index_of_kind(kind: str) -> str:
    for registration in _registrations.values():
        if registration.kind == kind:
            return registration.index
    raise KeyError(kind)


def facets() -> list[Facet]:
    """The host's facets, then the built-in tags and year facets: the order of the search page."""
    return [*_facets.values(), *BUILTIN_FACETS]


def host_facets() -> list[Facet]:
    return list(_facets.values())
