"""Swedish analysis built from parts every Elasticsearch has, plus what Python prepares at index time.

The engine side (index settings): the standard tokenizer, lowercase, a Swedish stop-word list written into
the settings, and the hunspell filter with the sv_SE dictionary. The integ-test-zip and many managed clusters
lack the `swedish` analyzer, `stemmer`, `asciifolding`, n-grams and decompounders, so the rest is done here in
Python and stored in extra fields, the same way at index time and at query time:

- fold(): å/ä/ö and other diacritics removed ("skolvärlden" -> "skolvarlden"), for the *_folded fields;
- decompound(): Swedish compounds split with the word list of SEARCH_COMPOUND_PARTS (default: a small general
  list in data/compound_parts.txt), for the compounds fields;
- light_stem(): a small derivational stemmer ("finansiering", "finansieras" -> "finansier"), for the stems field.
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from django.core.signals import setting_changed
from django.dispatch import receiver

from dialog_search import conf

DATA_DIR = Path(__file__).resolve().parent / "data"
HUNSPELL_LOCALE = "sv_SE"

WORD = re.compile(r"\w+", re.UNICODE)
# Inflections a compound's last part may carry ("projekt|en", "utbildning|ar|na").
_ENDINGS = (
    "", "en", "et", "n", "t", "er", "ar", "or", "na", "erna", "arna", "orna", "ens", "ets", "s",
    "ernas", "arnas", "ornas", "a", "e", "ar", "arnas", "ande", "ade",
)
_MIN_PART = 3
# Derivational and inflectional endings for light_stem(), longest first; the replacement keeps
# the -er- of verbs in -era so that "finansiering", "finansiera" and "finansieras" meet.
_STEM_RULES = sorted(
    [(suffix, "") for suffix in (
        "ingarnas", "ingarna", "ingars", "ingar", "ingens", "ingen", "ings", "ing",
        "heterna", "heten", "arnas", "ernas", "ornas", "arna", "erna", "orna", "ande", "ende", "aste",
        "ades", "andes", "ade", "ad", "at", "ens", "ets", "en", "et", "ar", "er", "or", "as", "es", "a", "e", "s",
    )]
    + [(suffix, "er") for suffix in ("erades", "erade", "erad", "erat", "erar", "eras", "era")],
    key=lambda rule: len(rule[0]),
    reverse=True,
)
_MIN_STEM = 4


def word_list(value) -> list[str]:
    """A word list setting: a path (str or Path) to a UTF-8 file, one word a line, # for comments; or an iterable
    of words. Words are lowercased; empty lines and comments are skipped."""
    if isinstance(value, (str, Path)):
        lines = Path(value).read_text(encoding="utf-8").splitlines()
    else:
        lines = [str(word) for word in value]
    return [line.strip().lower() for line in lines if line.strip() and not line.strip().startswith("#")]


@cache
def stop_words() -> tuple[str, ...]:
    return tuple(word_list(conf.get("SEARCH_STOPWORDS")))


@cache
def folded_stop_words() -> frozenset[str]:
    """The stop words as a reader types them without å, ä and ö."""
    return frozenset(fold(word) for word in stop_words())


@cache
def compound_parts() -> frozenset[str]:
    parts = word_list(conf.get("SEARCH_COMPOUND_PARTS"))
    return frozenset(parts) | frozenset(fold(part) for part in parts)


@receiver(setting_changed)
def _word_lists_changed(*, setting, **kwargs):
    if setting in ("SEARCH_STOPWORDS", "SEARCH_COMPOUND_PARTS"):
        for function in (stop_words, folded_stop_words, compound_parts, decompound):
            function.cache_clear()


_FOLD_TABLE = str.maketrans("åäöàáâãéèêëíìîïóòôõúùûüýÿñçæø", "aaoaaaaeeeeiiiioooouuuuyyncao")


def fold(text: str) -> str:
    """Lowercase text without diacritics: what a reader types on a keyboard without å, ä and ö."""
    # Swedish text: three replaces in C are 15x faster than translate() over a whole body.
    text = text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
    if text.isascii():
        return text
    text = text.translate(_FOLD_TABLE)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


@lru_cache(maxsize=65536)
def decompound(word: str) -> tuple[str, ...]:
    """The parts of a Swedish compound, or () when the word is not a chain of known parts.

    The last part keeps its inflection ("skolprojekten" -> ("skol", "projekten")) so the
    hunspell analyzer can stem it like any other word.
    """
    word = word.lower()
    parts = compound_parts()

    @lru_cache(maxsize=None)
    def split(start: int, whole_allowed: bool) -> tuple[str, ...] | None:
        rest = word[start:]
        if whole_allowed:
            for ending in _ENDINGS:
                base = rest[: len(rest) - len(ending)] if ending else rest
                if rest.endswith(ending) and len(base) >= _MIN_PART and base in parts:
                    return (rest,)
        for end in range(len(word) - _MIN_PART, start + _MIN_PART - 1, -1):
            head = word[start:end]
            if head not in parts:
                continue
            tail = split(end, True)
            if tail is None and word[end] == "s" and end + 1 < len(word):
                tail = split(end + 1, True)  # the linking s: "upphandling|s|myndighet"
            if tail is not None:
                return (head, *tail)
        return None

    if len(word) < 2 * _MIN_PART:
        return ()
    return split(0, False) or ()


@lru_cache(maxsize=131072)
def light_stem(word: str) -> str:
    for suffix, replacement in _STEM_RULES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: len(word) - len(suffix)] + replacement
    return word


def compounds_of(text: str) -> str:
    """Every compound part found in text, space-separated (empty when there are none)."""
    found = []
    for word in dict.fromkeys(words(text)):
        found.extend(decompound(word))
    return " ".join(found)


def stems_of(text: str, *, folded: bool = False) -> str:
    """The light stems of text's words, folded (pass folded=True when text is folded already)."""
    return " ".join(map(light_stem, words(text if folded else fold(text))))


def index_settings() -> dict:
    """The analysis part of the index settings (shared by every search index)."""
    stops = list(stop_words())
    return {
        "analysis": {
            "filter": {
                "sv_stop": {"type": "stop", "stopwords": stops},
                "sv_stop_folded": {"type": "stop", "stopwords": sorted(folded_stop_words())},
                "sv_hunspell": {"type": "hunspell", "locale": HUNSPELL_LOCALE, "dedup": True},
            },
            "analyzer": {
                # Stemmed Swedish: the main text fields.
                "sv_text": {"type": "custom", "tokenizer": "standard",
                            "filter": ["lowercase", "sv_stop", "sv_hunspell"]},
                # The words as written: exact spelling ranks above stems and folded forms.
                "sv_exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
                # Text folded in Python (fold()); no hunspell, the dictionary has no folded forms.
                "sv_folded": {"type": "custom", "tokenizer": "standard",
                              "filter": ["lowercase", "sv_stop_folded"]},
            },
        }
    }


def query_variants(text: str) -> dict[str, str]:
    """The query text prepared the same way as the documents' extra fields."""
    folded = fold(text)
    return {
        "text": text,
        "folded": folded,
        "compounds": compounds_of(text),
        "compounds_folded": compounds_of(folded),
        "stems": stems_of(text),
    }
