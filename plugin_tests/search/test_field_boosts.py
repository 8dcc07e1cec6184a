"""SEARCH_FIELD_BOOSTS: the host weighs the text fields; the defaults are the tuned query, checked at start-up."""

import pytest
from django.core import checks

from dialog_search import queries
from dialog_search.checks import check_field_boosts


def clause_fields(query: dict) -> list[list[str]]:
    return [next(iter(clause.values()))["fields"] for clause in query["bool"]["should"][:5]]


def test_the_defaults_are_the_tuned_weights():
    main, exact, phrase, folded, typos = clause_fields(queries.text_query("ord"))
    assert [f for f in main if not f.startswith("sections")] == [
        "title^6", "keywords^6", "lead^3", "tags_text^3", "author^2", "body"]
    assert exact == ["title.exact^4", "keywords.exact^4", "lead.exact^2", "body.exact"]
    assert phrase == ["title^6", "lead^3", "body"]
    assert folded == ["title_folded^3", "keywords_folded^3", "lead_folded^1.5", "tags_text.folded^1.5",
                      "body_folded^0.5"]
    assert typos == ["title_folded^3", "keywords_folded^3", "lead_folded^1.5"]


def test_a_host_reweighs_every_clause_and_can_leave_a_field_out(settings):
    settings.SEARCH_FIELD_BOOSTS = {"title": 12, "body": 0}
    main, exact, phrase, folded, _typos = clause_fields(queries.text_query("ord"))
    assert "title^12" in main and "title.exact^8" in exact and "title^12" in phrase and "title_folded^6" in folded
    assert not [f for clause in (main, exact, phrase, folded) for f in clause if f.startswith("body")]
    assert "lead^3" in main  # a field left out of the setting keeps its default
    assert check_field_boosts(None) == []


@pytest.mark.parametrize("value", [{"titel": 2}, {"title": -1}, {"title": "6"}, {"title": True}, ["title"]])
def test_a_wrong_setting_stops_the_start(settings, value):
    settings.SEARCH_FIELD_BOOSTS = value
    (error,) = check_field_boosts(None)
    assert isinstance(error, checks.Error) and error.id == "dialog_search.E007"
