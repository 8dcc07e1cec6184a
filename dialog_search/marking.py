"""Marks in Python what Elasticsearch's highlighter cannot: words a query matched only through the prepared
fields (typed without å, ä and ö, or as part of a compound). Elasticsearch highlights the stemmed text fields;
for a hit it left unmarked, the title and lead (already in the hit's source) are marked here the same way the
documents were prepared: folded, lightly stemmed and split into compound parts.
"""

from functools import lru_cache

from django.utils.html import escape

from dialog_search import analysis


def _forms(word: str) -> set[str]:
    """The folded forms a word can be met by: itself, its light stem and, for a compound, its parts' stems."""
    folded = analysis.fold(word)
    forms = {folded, analysis.light_stem(folded)}
    for part in analysis.decompound(folded):
        forms |= {part, analysis.light_stem(part)}
    return forms


@lru_cache(maxsize=256)
def _query_forms(query: str) -> frozenset[str]:
    """Computed once per query, not once per marked text (a page of hits marks up to two texts each)."""
    forms = set()
    for term in analysis.words(query):
        folded = analysis.fold(term)
        if folded in analysis.folded_stop_words() or len(folded) < 2:
            continue
        forms |= {folded, analysis.light_stem(folded)}
    return frozenset(forms)


def mark(text: str, query: str) -> str | None:
    """The text, HTML-escaped, with the words the query meets in <mark>; None when no word is met."""
    wanted = _query_forms(query)
    if not wanted or not text:
        return None
    pieces, last, found = [], 0, False
    for match in analysis.WORD.finditer(text):
        if _forms(match.group()) & wanted:
            pieces += [escape(text[last:match.start()]), "<mark>", escape(match.group()), "</mark>"]
            last, found = match.end(), True
    if not found:
        return None
    pieces.append(escape(text[last:]))
    return "".join(pieces)
