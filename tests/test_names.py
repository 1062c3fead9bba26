import pandas as pd
import pytest

from evaluation.intake.municipalities import MunicipalityNames

MUNIS = pd.DataFrame({
    "municipality_id": ["03157", "03458", "03403", "P20"],
    "programme_key": ["P01", "P02", "P03", "P20"],
    "name": ["Landkreis Peine", "Landkreis Oldenburg", "Stadt Oldenburg (Oldb)", "Samtgemeinde Fürstenau"],
    "type": ["Landkreis", "Landkreis", "kreisfreie Stadt", "Samtgemeinde"],
    "ags": ["03157", "03458", "03403", None],
    "pseudonym": ["Kommune A", "Kommune B", "Kommune C", "Kommune D"],
})


@pytest.fixture
def names():
    return MunicipalityNames(MUNIS)


@pytest.mark.parametrize("spelling", ["LK Peine", "Landkreis Peine", "Peine, Landkreis", " landkreis  peine ",
                                      "Lkr. Peine", "03157"])
def test_spellings_of_peine_are_one(names, spelling):
    assert names.resolve(spelling) == "03157"


def test_a_pseudonym_is_recognised_but_never_resolved_to_a_municipality(names):
    """The report's pseudonyms must never be joined to a real municipality (DESIGN, known traps)."""
    assert names.resolve("Kommune A") is None
    assert names.is_pseudonym("kommune a") and not names.is_pseudonym("LK Peine")


def test_oldenburg_city_and_district_are_distinct(names):
    assert names.resolve("Oldenburg (Oldb)") == "03403"
    assert names.resolve("Stadt Oldenburg") == "03403"
    assert names.resolve("LK Oldenburg") == "03458"


def test_bare_ambiguous_name_is_refused(names):
    with pytest.raises(LookupError, match="mehrdeutig"):
        names.resolve("Oldenburg")


def test_unknown_and_samtgemeinde(names):
    assert names.resolve("Landkreis Harburg") is None
    assert names.resolve("SG Fürstenau") == "P20"


def test_master_data_name_wins_over_generated_forms():
    munis = MUNIS.assign(name=["Landkreis Peine", "Landkreis Oldenburg", "Oldenburg", "Samtgemeinde Fürstenau"])
    assert MunicipalityNames(munis).resolve("Oldenburg") == "03403"
