"""Search text is folded the same way on both sides: accents, case and punctuation ignored."""
from app.library.search import normalise, search_text, search_words


def test_normalise_strips_accents_and_case():
    assert normalise("Prevención del DELITO") == "prevencion del delito"


def test_normalise_folds_spanish_letters():
    assert normalise("Año de la Niñez, Jesús María") == "ano de la ninez jesus maria"


def test_normalise_turns_punctuation_and_like_wildcards_into_spaces():
    assert normalise("co-gestión 100%_vecinal") == "co gestion 100 vecinal"


def test_normalise_of_nothing_is_empty():
    assert normalise(None) == "" and normalise("  ¡! ") == ""


def test_search_text_joins_the_folded_fields_and_skips_empty_ones():
    assert search_text(["Cámaras", "", None, "Serenazgo"]) == "camaras serenazgo"


def test_search_words_are_folded_distinct_and_bounded():
    assert search_words("Prevención prevencion  JÓVENES") == ["prevencion", "jovenes"]
    assert len(search_words(" ".join(f"w{i}" for i in range(20)))) == 8
