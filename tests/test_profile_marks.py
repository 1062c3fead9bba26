"""The rules behind a Kommunensteckbrief's marks and keys, on small frames written here: which coded segment rests on
reconstruction, when a value carries "[rekonstruiert]", which official key a municipality has, how a name is
declined in a sentence."""
from __future__ import annotations

import pandas as pd

from evaluation.findings import profile
from evaluation.report import profile_pages


def test_a_segment_is_reconstructed_unless_the_werkreport_cites_its_document():
    seg = pd.DataFrame({"text": ["[rekonstruiert] Beschluss", "[rekonstruiert] Beschluss", "Beschluss im Rat"],
                        "comment": [None, "Dokument in Werkreport 1, Fußnote 1, zitiert", None]})
    assert profile.segment_reconstructed(seg).tolist() == [True, False, False]
    assert profile.segment_reconstructed(seg.drop(columns="comment")).tolist() == [True, True, False]


def test_the_mark_stands_once_and_only_on_reconstructed_values():
    assert profile_pages.marked("Sozialamt", True) == "Sozialamt [rekonstruiert]"
    assert profile_pages.marked("Sozialamt", False) == "Sozialamt"
    assert profile_pages.marked("[rekonstruiert] Fachtag", True) == "[rekonstruiert] Fachtag"


def test_official_keys_are_taken_from_the_data_never_invented():
    city = pd.Series({"ags": "03101", "type": "kreisfreie Stadt"})
    district = pd.Series({"ags": "03159", "type": "Landkreis"})
    town = pd.Series({"ags": None, "type": "Stadt"})
    full = pd.Series({"ags": "03241001", "type": "Stadt"})
    assert profile.municipality_key(city) == "03101000"
    assert profile.municipality_key(district) is None
    assert profile.municipality_key(town) is None
    assert profile.municipality_key(full) == "03241001"


def test_names_are_declined_as_the_werkreport_writes_them():
    assert profile_pages.named("Landkreis Göttingen", "in") == "im Landkreis Göttingen"
    assert profile_pages.named("Region Hannover", "gen") == "der Region Hannover"
    assert profile_pages.named("Samtgemeinde Fürstenau", "nom") == "Die Samtgemeinde Fürstenau"
    assert profile_pages.named("Barsinghausen", "für") == "für Barsinghausen"
