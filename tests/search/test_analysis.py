"""Swedish analysis: the Python half (folding, decompounding, stems) and the mapping on the real node."""

import pytest

from cms.demo.content import SEED_POST_TITLE
from dialog_search import analysis, conf, documents, services
from dialog_search.client import SearchConfigurationError, get_client
from tests.search.conftest import find, titles


class TestPythonAnalysis:
    def test_fold_removes_diacritics(self):
        assert analysis.fold("Beställarnätverk på Öland") == "bestallarnatverk pa oland"

    @pytest.mark.parametrize(("word", "parts"), [
        ("beställarnätverk", ("beställar", "nätverk")),
        ("beställarnätverken", ("beställar", "nätverken")),
        ("bestallarnatverk", ("bestallar", "natverk")),
        ("upphandlingsmyndigheten", ("upphandlings", "myndigheten")),
        ("innovationsupphandling", ("innovations", "upphandling")),
        ("nätverk", ()),
        ("och", ()),
    ])
    def test_decompound(self, word, parts):
        assert analysis.decompound(word) == parts

    def test_light_stem_meets_derivations(self):
        assert {analysis.light_stem(word) for word in ("finansiering", "finansieras", "finansiera",
                                                        "finansieringen")} == {"finansier"}

    def test_the_compound_list_decides_what_is_split(self, monkeypatch, request):
        """SEARCH_COMPOUND_PARTS (this site: blog/data/search_compound_parts.txt) is what decompounding knows: a
        compound of listed parts splits, and the same word is left whole once one of its parts is no longer listed."""
        assert {"beställar", "nätverk", "grupp"} <= analysis.compound_parts()
        assert analysis.compounds_of("Beställarnätverken och beställargruppen") == (
            "beställar nätverken beställar gruppen")
        without_grupp = analysis.compound_parts() - {"grupp"}
        monkeypatch.setattr(analysis, "compound_parts", lambda: without_grupp)
        analysis.decompound.cache_clear()
        request.addfinalizer(analysis.decompound.cache_clear)
        assert analysis.decompound("beställargruppen") == ()
        assert analysis.decompound("beställarnätverken") == ("beställar", "nätverken")


@pytest.mark.elasticsearch
@pytest.mark.django_db
class TestMapping:
    def test_index_settings_carry_the_swedish_analysis(self, search_corpus):
        client = get_client(for_indexing=True)
        alias = conf.index_names("post").alias
        (settings,) = client.indices.get_settings(index=alias).values()
        analysis_settings = settings["settings"]["index"]["analysis"]
        assert analysis_settings["filter"]["sv_hunspell"]["locale"] == "sv_SE"
        assert "och" in analysis_settings["filter"]["sv_stop"]["stopwords"]
        (mapping,) = client.indices.get_mapping(index=alias).values()
        properties = mapping["mappings"]["properties"]
        assert properties["title"]["analyzer"] == "sv_text"
        assert properties["tags"]["type"] == "keyword"
        assert properties["suggest"]["type"] == "completion"

    def test_analyzer_stems_and_drops_stop_words(self, search_corpus):
        client = get_client(for_indexing=True)
        result = client.indices.analyze(index=conf.index_names("post").alias, analyzer="sv_text",
                                        text="Nätverken och beställarna")
        assert [token["token"] for token in result["tokens"]] == ["nätverk", "beställa"]

    @pytest.mark.parametrize("query", ["nätverk", "beställarnätverken", "finansiering", "bestallarnatverk"])
    def test_the_swedish_examples_find_the_seed_post(self, search_corpus, query):
        assert SEED_POST_TITLE in titles(query, per_page=50)

    def test_a_part_finds_a_compound_that_is_only_a_compound(self, search_corpus):
        # "Så startar ni ett nytt beställarnätverk" never says "nätverk" on its own.
        assert "Så startar ni ett nytt beställarnätverk" in titles("nätverk", per_page=50)
        assert "Bestallarsamverkan kring vägunderhåll" in titles("nätverk", per_page=50)

    def test_exact_spelling_ranks_above_folded(self, search_corpus):
        found = titles("beställarnätverk", per_page=50)
        undotted = found.index("Bestallarsamverkan kring vägunderhåll")
        assert found.index(SEED_POST_TITLE) < undotted
        assert found.index("Så startar ni ett nytt beställarnätverk") < undotted

    def test_scores_prefer_exact_over_folded_for_the_same_document(self, search_corpus):
        exact = {hit.title: hit.score for hit in find("beställarnätverk", per_page=50).hits}
        folded = {hit.title: hit.score for hit in find("bestallarnatverk", per_page=50).hits}
        assert exact[SEED_POST_TITLE] > folded[SEED_POST_TITLE]

    def test_typos_are_tolerated(self, search_corpus):
        assert "Solceller på hyreshusens tak" in titles("solcellr")[:3]

    def test_missing_dictionary_fails_with_a_clear_message(self, search_corpus, monkeypatch):
        monkeypatch.setattr(analysis, "HUNSPELL_LOCALE", "xx_XX")
        client = get_client(for_indexing=True)
        with pytest.raises(SearchConfigurationError, match="hunspell-sv") as raised:
            services.index_create(client=client, index="post", name=f"{conf.get('ELASTICSEARCH_INDEX_PREFIX')}-broken")
        assert "hunspell/sv_SE" in str(raised.value)

    def test_both_kinds_live_indexes_analyse_the_same_way(self, search_corpus):
        """The post and profile indexes on the node: the same mapping and analysis, and a profile's compounds are
        split and stemmed there too (a part alone finds it)."""
        client = get_client(for_indexing=True)
        live = {}
        for kind in ("post", "profile"):
            alias = conf.index_names(kind).alias
            (index,) = client.indices.get(index=alias).values()
            live[kind] = (index["mappings"], index["settings"]["index"]["analysis"])
            assert index["mappings"]["properties"]["compounds"] == documents.mapping(kind)["properties"]["compounds"]
        assert live["post"] == live["profile"]

        alias = conf.index_names("profile").alias
        compounds = analysis.compounds_of("beställargruppen")
        tokens = client.indices.analyze(index=alias, field="compounds", text=compounds)["tokens"]
        assert [token["token"] for token in tokens] == ["beställar", "grupp"]  # "gruppen" stemmed by hunspell
        assert "Energimyndighetens beställargrupp för bostäder" in titles("grupp", per_page=50)
