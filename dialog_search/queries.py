"""Elasticsearch request bodies built from untrusted reader input.

No query_string and no simple_query_string: the reader's text only ever reaches match/multi_match
queries as plain text, so operators, wildcards, quotes and field names in it mean nothing.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from dialog_search import analysis, conf, registry

MAX_TERMS = 24
SORTS = ("relevance", "date")
HIGHLIGHT_FIELDS = ("title", "lead", "body")
BASE_SOURCE_FIELDS = ["kind", "page_id", "title", "lead", "url", "date", "author", "tags", "image_url"]
_SPACE = re.compile(r"\s+")


def clean_query(raw: str | None) -> str:
    """Printable text only, whitespace collapsed, at most SEARCH_QUERY_MAX_LENGTH characters and MAX_TERMS words."""
    if not raw:
        return ""
    limit = int(conf.get("SEARCH_QUERY_MAX_LENGTH"))
    text = raw[: limit * 4]
    text = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in text)
    text = _SPACE.sub(" ", text).strip()
    text = " ".join(text.split(" ")[:MAX_TERMS])
    return text[:limit].strip()


@dataclass
class SearchParams:
    query: str = ""
    # Selected facet values by facet name (registry.facets()): {"tags": [...], "year": [2024], ...}.
    filters: dict[str, list] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def selected(self, facet_name: str) -> list:
        return self.filters.get(facet_name, [])

    @property
    def filtered(self) -> bool:
        return any(self.filters.values())


def source_fields() -> list[str]:
    """What a hit needs from the index: the base fields and the host's facet values (labels when labelled)."""
    return BASE_SOURCE_FIELDS + [facet.aggregation_field for facet in registry.host_facets()]


def _facet_text_fields() -> list[str]:
    return [f"{facet.name}_text^{facet.boost:g}" for facet in registry.host_facets() if facet.boost]


# Each clause's own weight for a field at the default SEARCH_FIELD_BOOSTS: (document field, index field, weight).
_MAIN = [("title", "title", 6), ("keywords", "keywords", 6), ("lead", "lead", 3), ("tags", "tags_text", 3),
         ("author", "author", 2), ("body", "body", 1)]
_EXACT = [("title", "title.exact", 4), ("keywords", "keywords.exact", 4), ("lead", "lead.exact", 2),
          ("body", "body.exact", 1)]
_PHRASE = [("title", "title", 6), ("lead", "lead", 3), ("body", "body", 1)]
_FOLDED = [("title", "title_folded", 3), ("keywords", "keywords_folded", 3), ("lead", "lead_folded", 1.5),
           ("tags", "tags_text.folded", 1.5), ("body", "body_folded", 0.5)]
_TYPOS = [("title", "title_folded", 3), ("keywords", "keywords_folded", 3), ("lead", "lead_folded", 1.5)]


def _field_scales() -> dict[str, float]:
    """Each text field's host weight (SEARCH_FIELD_BOOSTS) over its default: the factor on every clause's weight."""
    defaults = conf.DEFAULTS["SEARCH_FIELD_BOOSTS"]
    boosts = {**defaults, **conf.get("SEARCH_FIELD_BOOSTS")}
    return {name: boosts[name] / default for name, default in defaults.items()}


def _fields(clause: list[tuple[str, str, float]], scales: dict[str, float]) -> list[str]:
    """The clause's fields with their boosts scaled; a field boosted 0 is left out."""
    fields = []
    for name, index_field, weight in clause:
        boost = weight * scales[name]
        if boost > 0:
            fields.append(index_field if boost == 1 else f"{index_field}^{boost:g}")
    return fields


def text_query(query: str) -> dict:
    """Field boosts title > lead > body (SEARCH_FIELD_BOOSTS); exact spelling > stems > folded > compounds >
    typo-tolerant matches."""
    variants = analysis.query_variants(query)
    scales = _field_scales()
    should = [
        {"multi_match": {"query": query, "type": "best_fields", "tie_breaker": 0.3,
                         # the host's facet label fields after the tags, as tuned
                         "fields": [*_fields(_MAIN[:4], scales), *_facet_text_fields(),
                                    *_fields(_MAIN[4:], scales)],
                         "minimum_should_match": "2<75%", "boost": 2.0}},
        {"multi_match": {"query": query, "type": "best_fields", "tie_breaker": 0.3,
                         "fields": _fields(_EXACT, scales),
                         "minimum_should_match": "2<75%", "boost": 1.5}},
        {"multi_match": {"query": query, "type": "phrase", "slop": 2,
                         "fields": _fields(_PHRASE, scales), "boost": 1.0}},
        {"multi_match": {"query": variants["folded"], "type": "best_fields", "tie_breaker": 0.3,
                         "fields": _fields(_FOLDED, scales),
                         "minimum_should_match": "2<75%", "boost": 1.0}},
        # Typos: on the short fields only, which keeps the term expansion cheap.
        {"multi_match": {"query": variants["folded"], "type": "best_fields", "fuzziness": "AUTO",
                         "prefix_length": 2, "max_expansions": 10,
                         "fields": _fields(_TYPOS, scales),
                         "minimum_should_match": "2<75%", "boost": 0.3}},
        {"match": {"stems": {"query": variants["stems"], "minimum_should_match": "2<75%", "boost": 0.6}}},
    ]
    for field_name, key in (("compounds", "compounds"), ("compounds_folded", "compounds_folded")):
        if variants[key]:
            should.append({"match": {field_name: {"query": variants[key], "boost": 0.5}}})
    # A word typed as part of a compound ("projekt" in "skolprojekt") meets the compounds fields.
    should.append({"multi_match": {"query": query, "fields": ["compounds"], "boost": 0.6}})
    should.append({"multi_match": {"query": variants["folded"], "fields": ["compounds_folded"], "boost": 0.4}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def filters(params: SearchParams) -> list[dict]:
    return [{"terms": {facet.field: params.selected(facet.name)}}
            for facet in registry.facets() if params.selected(facet.name)]


def aggregations() -> dict:
    aggs = {}
    for facet in registry.facets():
        aggs[facet.name] = {"terms": {"field": facet.aggregation_field, "size": facet.size}}
        if facet.order == "key_desc":
            aggs[facet.name]["terms"]["order"] = {"_key": "desc"}
    return aggs


def search_body(params: SearchParams) -> dict:
    must = [text_query(params.query)] if params.query else [{"match_all": {}}]
    body = {
        "query": {"bool": {"must": must, "filter": filters(params)}},
        "from": params.offset,
        "size": params.per_page,
        "track_total_hits": True,
        "_source": source_fields(),
        "aggs": aggregations(),
    }
    if params.sort == "date" or not params.query:
        body["sort"] = [{"date": {"order": "desc", "missing": "_last"}}, "_score", {"page_id": "asc"}]
    else:
        body["sort"] = ["_score", {"date": {"order": "desc", "missing": "_last"}}, {"page_id": "asc"}]
    if params.query:
        body["highlight"] = highlight(params.query)
    return body


def highlight(query: str) -> dict:
    """Snippets on the stored text (offsets in the index). No fuzzy or folded clause here: a fuzzy highlight
    cost ~8x the whole search; words met only through the folded or compound fields are marked in Python
    instead (dialog_search.marking)."""
    return {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "fields": {
            "title": {"number_of_fragments": 0},
            "lead": {"fragment_size": 180, "number_of_fragments": 1},
            "body": {"fragment_size": 180, "number_of_fragments": 2},
        },
        "highlight_query": {"multi_match": {"query": query, "fields": list(HIGHLIGHT_FIELDS)}},
    }


def spelling_body(query: str) -> dict:
    """A term suggester over the words as written, for "Menade du …?"."""
    return {
        "size": 0,
        "suggest": {
            "text": query,
            "spelling": {"term": {"field": "spell", "suggest_mode": "popular", "size": 1,
                                  "max_edits": 2, "prefix_length": 1, "min_word_length": 3}},
        },
    }


def suggest_body(prefix: str, size: int) -> dict:
    completion = {"field": "suggest", "size": size, "skip_duplicates": True}
    if len(prefix) >= 4:
        completion["fuzzy"] = {"fuzziness": "AUTO", "prefix_length": 1}
    return {"size": 0, "_source": ["title", "url", "kind", "page_id"],
            "suggest": {"titles": {"prefix": prefix, "completion": completion}}}
