"""The index documents (elasticsearch-dsl) and how a SearchSource becomes one.

Every registered kind shares one set of fields so that one query searches every index; the kind
field tells them apart. The host's facets add their own fields (dialog_search.registry.Facet). Every *_folded, compounds* and stems field is prepared in Python by
dialog_search.analysis, the same way queries are.
"""

from elasticsearch_dsl import Completion, Date, Document, Integer, Keyword, Text

from dialog_search import analysis, registry
from dialog_search.registry import SearchSource

MAX_BODY_CHARS = 100_000


def _text(*, spelling: bool = True):
    """Stemmed Swedish with an exact sub-field; the words also feed the spelling suggester.

    Offsets are stored so highlighting reads them from the index instead of running hunspell over
    every hit's text again (that re-analysis was most of a search's time).
    """
    options = {"copy_to": "spell"} if spelling else {}
    return Text(analyzer="sv_text", index_options="offsets", fields={"exact": Text(analyzer="sv_exact")},
                **options)


class SearchDocument(Document):
    kind = Keyword()
    page_id = Integer()
    title = _text()
    lead = _text()
    body = _text()
    keywords = _text(spelling=False)
    title_folded = Text(analyzer="sv_folded")
    lead_folded = Text(analyzer="sv_folded")
    body_folded = Text(analyzer="sv_folded")
    keywords_folded = Text(analyzer="sv_folded")
    compounds = Text(analyzer="sv_text")
    compounds_folded = Text(analyzer="sv_folded")
    stems = Text(analyzer="sv_exact")
    # The words as written, for the "Menade du …?" term suggester (filled by copy_to).
    spell = Text(analyzer="sv_exact")
    author = Text(analyzer="sv_text", fields={"raw": Keyword()})
    tags = Keyword()
    tags_text = Text(analyzer="sv_text", fields={"folded": Text(analyzer="sv_folded")})
    date = Date()
    year = Integer()
    url = Keyword(index=False)
    image_url = Keyword(index=False)
    suggest = Completion(analyzer="simple", preserve_separators=True, max_input_length=100)


def facet_fields(facet: registry.Facet) -> dict:
    """The index fields of one of the host's facets: its values, "value:Label" for a labelled facet's labels,
    and the labels as searchable text when the facet has a boost."""
    fields = {facet.name: Keyword()}
    if facet.labelled:
        fields[f"{facet.name}_labels"] = Keyword()
    if facet.boost:
        fields[f"{facet.name}_text"] = Text(analyzer="sv_text")
    return fields


def mapping(index: str | None = None) -> dict:
    """The mapping of every search index (the same for each: one query searches them all)."""
    result = SearchDocument._doc_type.mapping.to_dict()
    for facet in registry.host_facets():
        for name, field in facet_fields(facet).items():
            result["properties"][name] = field.to_dict()
    return result


def _facet_values(facet: registry.Facet, values) -> dict:
    values = list(values or [])
    if not facet.labelled:
        values = [str(value) for value in values]
        fields = {facet.name: values}
        if facet.boost:
            fields[f"{facet.name}_text"] = " ".join(values)
        return fields
    pairs = [(str(value), str(label)) for value, label in values]
    fields = {facet.name: [value for value, _label in pairs],
              f"{facet.name}_labels": [f"{value}:{label}" for value, label in pairs]}
    if facet.boost:
        fields[f"{facet.name}_text"] = " ".join(label for _value, label in pairs)
    return fields


def _suggest_inputs(title: str, keywords: list[str]) -> list[str]:
    """The title from each of its first words on, so "plan" completes "… en ny samhällsplan"."""
    title_words = title.split()
    inputs = [" ".join(title_words[start:]) for start in range(min(len(title_words), 8))]
    for start, word in enumerate(title_words[:8]):
        parts = analysis.decompound(word.strip(".,:;!?–-"))
        if parts:  # "proj" completes "… skolprojekt …" too
            inputs.append(" ".join([parts[-1], *title_words[start + 1:]]))
    inputs += [analysis.fold(text) for text in inputs]
    inputs += keywords
    return list(dict.fromkeys(text[:100] for text in inputs if text))


def build(*, page_id: int, kind: str, source: SearchSource) -> dict:
    """The document body (as sent to Elasticsearch) for one page."""
    body = source.body[:MAX_BODY_CHARS]
    keywords, tags = " ".join(source.keywords), " ".join(source.tags)
    all_text = " ".join([source.title, source.lead, body, keywords, tags])
    compounds = analysis.compounds_of(all_text)
    folded = {name: analysis.fold(text) for name, text in
              (("title", source.title), ("lead", source.lead), ("body", body), ("keywords", keywords))}
    return {
        "kind": kind,
        "page_id": page_id,
        "title": source.title,
        "lead": source.lead,
        "body": body,
        "keywords": keywords,
        **{f"{name}_folded": text for name, text in folded.items()},
        "compounds": compounds,
        "compounds_folded": analysis.fold(compounds),
        "stems": analysis.stems_of(" ".join([*folded.values(), analysis.fold(tags)]), folded=True),
        "author": source.author,
        "tags": list(source.tags),
        "tags_text": " ".join(source.tags),
        **{name: value for facet in registry.host_facets()
           for name, value in _facet_values(facet, source.facets.get(facet.name)).items()},
        "date": source.date.isoformat() if source.date else None,
        "year": source.date.year if source.date else None,
        "url": source.url,
        "image_url": source.image_url,
        "suggest": {"input": _suggest_inputs(source.title, source.keywords)},
    }
