"""Swedish analysis: the Python half (folding, decompounding, stems) and the mapping on the real node."""

import pytest

from cms.demo.content import SEED_POST_TITLE
from search import analysis, conf, documents, services
from search.client import SearchConfigurationError, get_client
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

    def test_compound_list_is_kept_in_the_repo(self):
        assert "nätverk" in analysis.compound_parts()
        assert (analysis.DATA_DIR / "compound_parts.txt").exists()




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
            services.index_create(client=client, kind="post", name=f"{conf.get('ELASTICSEARCH_INDEX_PREFIX')}-broken")
        assert "hunspell/sv_SE" in str(raised.value)

    def test_document_mapping_is_the_same_for_both_kinds(self):
        assert documents.mapping("post") == documents.mapping("profile")
