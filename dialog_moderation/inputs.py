"""Untrusted input, read one way everywhere: JSON request bodies, database ids (in JSON, forms and URLs) and form
text. What the database, the template engine or the encoder cannot take is refused here with a clear 400, so it
never reaches them (a lone surrogate cannot be encoded as UTF-8, a NUL is refused by PostgreSQL, an id of 2**63
overflows SQLite's integers, 20,000 nested brackets exhaust Python's recursion).

- ``read_json(request)``: the one JSON reader for request bodies (``StrictJSONParser`` makes django-ninja use it).
- ``DatabaseId``: an id 1..2**63-1 for pydantic/ninja schemas and path parameters; ``DatabaseIdField`` for forms;
  the ``<dbid:...>`` path converter for URLs (registered when this module is imported).
- ``StrictInputMixin``: a form refusing lone surrogates and NUL in any of its fields.
"""

import json
import math
import re
from typing import Annotated

import pydantic
from django import forms
from django.core.exceptions import BadRequest
from django.urls import register_converter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 16
MAX_DATABASE_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL's bigint hold

FORBIDDEN_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
# A JSON string (skipped whole, escapes included) or a bracket; what lies between needs no attention.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class InputError(BadRequest):
    """Refused input: a Swedish ``message`` for the reader and optional field ``errors``. Being a BadRequest, it
    answers 400 through the host's handler400 wherever it is raised."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}

    def __str__(self):
        return self.message


def has_forbidden_characters(text: str) -> bool:
    """NUL or a lone surrogate (a pair read from a JSON escape is already one character)."""
    return FORBIDDEN_CHARACTERS.search(text) is not None


def forbidden_characters_message() -> str:
    return _("The text contains characters that are not allowed (NUL or a lone surrogate).")


def _check_depth(text: str, max_depth: int) -> None:
    """Brackets outside strings, counted in one loop rather than by recursion, before anything is parsed."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > max_depth:
                raise InputError(_("JSON data may be nested at most %(max)s levels deep.") % {"max": max_depth})
        elif token in "]}":
            depth -= 1


def _object_without_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise InputError(_("The key “%(key)s” occurs twice in the JSON object.") % {
                "key": FORBIDDEN_CHARACTERS.sub("\ufffd", key)[:50]})
        result[key] = value
    return result


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InputError(_("The number %(number)s is too large.") % {"number": text[:30]})
    return value


def _refuse_constant(name: str):
    raise InputError(_("The request is not valid JSON."))


def _check_strings(data) -> None:
    """Every key and string value, walked with a stack (the depth is already bounded, but no recursion anyway)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_forbidden_characters(item):
                raise InputError(forbidden_characters_message())
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def loads(raw: bytes, *, max_bytes: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH):
    """The JSON document in ``raw``: UTF-8 only, at most ``max_bytes`` and ``max_depth`` levels, no NUL, no lone
    surrogate in a key or value, no key twice in an object, no NaN or infinity. Raises InputError."""
    if len(raw) > max_bytes:
        raise InputError(_("The request is too large (at most %(max)s kB of JSON).") % {"max": max_bytes // 1024})
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(_("The request must be JSON encoded as UTF-8."))
    _check_depth(text, max_depth)
    try:
        data = json.loads(text, object_pairs_hook=_object_without_duplicates, parse_float=_finite_float,
                          parse_constant=_refuse_constant)
    except ValueError:  # also json.JSONDecodeError and integers beyond Python's digit limit
        raise InputError(_("The request is not valid JSON."))
    except RecursionError:  # unreachable after _check_depth; kept so a changed limit can never become a 500
        raise InputError(_("JSON data may be nested at most %(max)s levels deep.") % {"max": max_depth})
    _check_strings(data)
    return data


def read_json(request, *, expect: type | None = dict, **limits):
    """The request's JSON body, read by ``loads``; with ``expect``, the top level must be of that type."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    max_bytes = limits.get("max_bytes", MAX_JSON_BYTES)
    if length.isdigit() and int(length) > max_bytes:  # refused before the body is read
        raise InputError(_("The request is too large (at most %(max)s kB of JSON).") % {"max": max_bytes // 1024})
    data = loads(request.body, **limits)
    if expect is dict and not isinstance(data, dict):
        raise InputError(_("The request must be a JSON object."))
    return data


try:
    from ninja.parser import Parser
except ImportError:  # django-ninja is optional for hosts that do not mount the API
    Parser = object


class StrictJSONParser(Parser):
    """django-ninja's body parser replaced by ``loads``: give it to the host's ``NinjaAPI(parser=...)``."""

    def parse_body(self, request):
        return read_json(request, expect=None)


def _refuse_forbidden_text(value: str) -> str:
    if has_forbidden_characters(value):
        raise ValueError("forbidden characters")
    return value


# For pydantic/ninja schemas and parameters.
DatabaseId = Annotated[int, pydantic.Field(ge=1, le=MAX_DATABASE_ID, strict=False)]
SafeText = Annotated[str, pydantic.AfterValidator(_refuse_forbidden_text)]


ID_RANGE_MESSAGE = gettext_lazy("An id must be an integer between 1 and 9223372036854775807.")


def database_id_message() -> str:
    return str(ID_RANGE_MESSAGE)


def parse_database_id(value) -> int:
    """``value`` (a string of digits or an int) as a database id, or InputError."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or not 1 <= int(text) <= MAX_DATABASE_ID:
        raise InputError(database_id_message())
    return int(text)


class DatabaseIdConverter:
    """``<dbid:pk>``: digits only; out of 1..2**63-1 is a 400 (the request named something no table can hold)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        return parse_database_id(value)

    def to_url(self, value) -> str:
        return str(int(value))


# When this module is first imported (by every URLconf that uses it): once per process.
register_converter(DatabaseIdConverter, "dbid")


class DatabaseIdField(forms.IntegerField):
    """An optional id in a form; out of 1..2**63-1 is a field error, not a query the database refuses."""

    default_error_messages = {"invalid": gettext_lazy("Give an id in digits."), "min_value": ID_RANGE_MESSAGE,
                              "max_value": ID_RANGE_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_DATABASE_ID)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 25:
            raise forms.ValidationError(database_id_message(), code="max_value")
        return super().to_python(value)


class DatabaseIdListField(forms.Field):
    """Repeated ids (``?ids=1&ids=2``), each checked as DatabaseIdField does."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        ids = []
        for item in value or []:
            try:
                ids.append(parse_database_id(item))
            except InputError as error:
                raise forms.ValidationError(error.message, code="invalid")
        return list(dict.fromkeys(ids))


class StrictInputMixin:
    """For a bound form: a lone surrogate or a NUL in the value of any of its fields is an error on that field,
    and every value is kept with the character replaced, so the form can be shown again and encoded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._forbidden = set()
        if not self.is_bound:
            return
        if hasattr(self.data, "lists"):  # a QueryDict (request.GET or request.POST)
            items, cleaned = list(self.data.lists()), self.data.copy()
        else:  # a dict of values or lists of values
            items = [(key, list(value) if isinstance(value, (list, tuple)) else [value])
                     for key, value in self.data.items()]
            cleaned = dict(self.data)
        for key, values in items:
            if not (has_forbidden_characters(key) or any(isinstance(value, str) and has_forbidden_characters(value)
                                                         for value in values)):
                continue
            field_name = key[len(self.prefix) + 1:] if self.prefix and key.startswith(f"{self.prefix}-") else key
            if field_name in self.fields:  # a value the form does not read is only made encodable
                self._forbidden.add(field_name)
            del cleaned[key]
            if has_forbidden_characters(key):
                continue
            values = [FORBIDDEN_CHARACTERS.sub("\ufffd", value) if isinstance(value, str) else value
                      for value in values]
            if hasattr(cleaned, "setlist"):
                cleaned.setlist(key, values)
            else:
                cleaned[key] = values if isinstance(self.data[key], (list, tuple)) else values[0]
        self.data = cleaned

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            for field_name in getattr(self, "_forbidden", ()):
                self._errors.pop(field_name, None)  # the value was altered: other errors may be about that
                self.add_error(field_name, forbidden_characters_message())
