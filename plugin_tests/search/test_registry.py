"""The registry refuses what it could not index or filter, when the host's module is imported."""

import pytest

from dialog_search import registry
from plugin_tests.host.models import ArticlePage


@pytest.mark.parametrize("kind", ["Article", "two words", "", "a" * 41, "../x"])
def test_a_kind_must_be_a_plain_name(kind):
    with pytest.raises(ValueError, match="kind must be"):
        registry.register(ArticlePage, kind=kind, to_source=lambda page: None)
    assert registry.registration_for(ArticlePage).kind == "article"  # the host's registration stands


def test_exactly_one_source_function():
    with pytest.raises(ValueError, match="exactly one"):
        registry.register(ArticlePage, kind="article")


@pytest.mark.parametrize(("name", "param"), [("tags", "topic"), ("topics", "tag"), ("topics", "page"),
                                             ("topics", "q"), ("Topics", "topic")])
def test_a_facet_may_not_clash_with_the_built_in_ones(name, param):
    with pytest.raises(ValueError):
        registry.register_facet(name, param=param, label="x")
    assert [facet.name for facet in registry.facets()] == ["sections", "tags", "year"]


def test_a_facet_order_is_one_of_three():
    with pytest.raises(ValueError, match="order"):
        registry.register_facet("topics", param="topic", label="x", order="random")
