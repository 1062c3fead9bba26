import pytest

from evaluation import formatting as fmt

NB = "\u00a0"


def test_half_up_not_half_even():
    assert fmt.percent(0.625) == "63\u00a0%"
    assert fmt.number(2.5) == "3"
    assert fmt.number(0.5) == "1"


def test_german_separators():
    assert fmt.percent(12 / 22, 1) == "54,5\u00a0%"
    assert fmt.number(1234567.891, 2) == "1.234.567,89"


def test_date():
    assert fmt.date("2022-03-31") == "31.03.2022"


# --- numbers in words, municipality names with their article (issue 16, item 6) ----------------------------

@pytest.mark.parametrize("n, one, expected", [(0, "eins", "null"), (1, "eine", "eine"), (3, "eins", "drei"),
                                              (12, "eins", "zwölf"), (13, "eins", "13"), (1200, "eins", "1.200")])
def test_word_writes_up_to_twelve_in_words(n, one, expected):
    assert fmt.word(n, one=one) == expected


def test_amount_agrees_number_and_noun():
    assert fmt.amount(3, "Kohorte", "Kohorten") == "drei Kohorten"
    assert fmt.amount(1, "Modellraum", "Modellräumen", one="einem") == "einem Modellraum"
    assert fmt.amount(0, "Kohorte", "Kohorten") == "keine Kohorte"
    assert fmt.amount(22, "Kommune", "Kommunen") == "22 Kommunen"


@pytest.mark.parametrize("name, kind, case, expected", [
    ("Region Hannover", "Region", "gen", "der Region Hannover"),
    ("Region Hannover", "Region", "in", "in der Region Hannover"),
    ("Landkreis Göttingen", "Landkreis", "in", "im Landkreis Göttingen"),
    ("Landkreis Göttingen", "Landkreis", "gen", "des Landkreises Göttingen"),
    ("Landkreis Göttingen", "Landkreis", "dat", "dem Landkreis Göttingen"),
    ("Göttingen", "Landkreis", "nom", "der Landkreis Göttingen"),       # the type supplies the head noun
    ("Platzhalter-Landkreis 1", "Landkreis", "gen", "des Platzhalter-Landkreises 1"),
    ("Samtgemeinde Fürstenau", "Samtgemeinde", "in", "in der Samtgemeinde Fürstenau"),
    ("Hansestadt Lüneburg", "Stadt", "gen", "der Hansestadt Lüneburg"),
    ("Delmenhorst", "kreisfreie Stadt", "gen", "von Delmenhorst"),
    ("Delmenhorst", "kreisfreie Stadt", "in", "in Delmenhorst"),
    ("Oldenburg (Oldb)", "kreisfreie Stadt", "nom", "Oldenburg (Oldb)"),
])
def test_municipality_name_with_its_article(name, kind, case, expected):
    assert fmt.municipality(name, kind, case) == expected


def test_municipality_unknown_case_is_named_in_german():
    with pytest.raises(ValueError, match="Unbekannter Fall"):
        fmt.municipality("Region Hannover", "Region", "akk")


@pytest.mark.parametrize("share, expected", [(1.0, f"100{NB}%"), (0.0, f"0{NB}%"), (0.5, f"50{NB}%"),
                                             (12 / 22, f"54,5{NB}%"), (3 / 43, f"7,0{NB}%"), (float("nan"), "–")])
def test_share_label_drops_decimals_only_for_an_exact_whole_percent(share, expected):
    assert fmt.share_label(share) == expected


def test_a_long_list_names_ten_and_counts_the_rest():
    """At 1000 × the data a sentence listing every municipality ran over 35 pages; twelve are still named."""
    from evaluation.formatting import listing
    assert listing(["A", "B", "C"]) == "A, B und C"
    assert listing([f"K{i}" for i in range(12)]).endswith("K10 und K11")
    assert listing([f"K{i}" for i in range(13)]) == "K0, K1, K2, K3, K4, K5, K6, K7, K8, K9 und drei weitere"
    assert listing([f"K{i}" for i in range(21_990)]).endswith("K9 und 21.980 weitere")
