"""dialog_search.marking: words met through folding, light stems or compound parts are marked, everything escaped."""

from dialog_search.marking import mark


def test_a_word_typed_without_diacritics_is_marked_as_written():
    assert mark("Hur beställarnätverk kan driva innovation", "bestallarnatverk") == (
        "Hur <mark>beställarnätverk</mark> kan driva innovation")


def test_a_compound_is_marked_for_its_last_part_and_an_inflection_for_its_stem():
    assert mark("Beställarnätverken samarbetar", "nätverk") == "<mark>Beställarnätverken</mark> samarbetar"
    assert mark("Om finansieringen av projekt", "finansiera") == "Om <mark>finansieringen</mark> av projekt"


def test_stop_words_and_unrelated_words_mark_nothing():
    assert mark("Kommunen och regionen", "och") is None
    assert mark("Kommunen och regionen", "solceller") is None
    assert mark("", "nätverk") is None


def test_the_text_is_escaped_around_the_marks():
    assert mark("<b>nätverk</b> & <script>", "natverk") == (
        "&lt;b&gt;<mark>nätverk</mark>&lt;/b&gt; &amp; &lt;script&gt;")
