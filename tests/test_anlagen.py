"""The Anlagen: findings beside the printed values (rounding differences named), the pseudonymised code
matrix, the raw files with checksums, and the German prose of each – computed from the frames given."""
from __future__ import annotations

import pandas as pd
import pytest

from evaluation.data import quality
from evaluation.prose import appendix as prose
from evaluation.publication import appendix
from evaluation.qda import agreement, matrix

pytestmark = pytest.mark.unit
NB = "\u00a0"


def _findings(rows) -> pd.DataFrame:
    """A reconciliation frame with only what the Anlage reads."""
    columns = ["id", "section", "place", "numerator", "denominator", "share", "ci_low", "ci_high", "display",
               "printed_value", "unit", "status", "note"]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame["denominator"] = frame["denominator"].astype("Int64")
    # as reconciliation marks it: the survey is the only sample, every other share a complete count
    frame["complete_count"] = pd.array([pd.NA if pd.isna(d) else not i.startswith("satisfaction_")
                                        for i, d in zip(frame["id"], frame["denominator"])], dtype="boolean")
    return frame


def _checks(rows=()) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["rule", "kind", "ids", "result", "finding", "evidence", "data_reading"])


JOBCENTER = ("participation_jobcenter", "3.2.1.2", "Abb. 8", 10, 22, 10 / 22, 0.27, 0.65, f"45{NB}%", "46",
             "percent", "abweichend (Prüfbefund)", "R08: …")
AGES = ("offers_all_ages_share", "3.2.2.1", "Abb. 13", 17, 43, 17 / 43, 0.26, 0.54, f"40{NB}%", "39", "percent",
        "abweichend (Prüfbefund)", "R10: …")
TOTAL = ("municipalities_total", "3.1", "Text 3.1", 22, None, None, None, None, "22", "22", "count",
         "reproduziert", "")
SCHOOL = ("participation_school_heads_social_work", "3.2.1.2", "Abb. 7", 8, 22, 8 / 22, 0.2, 0.57, f"36{NB}%",
          ">33", "percent", "reproduziert", "")
SURVEY = ("satisfaction_very", "3.3.6", "Text 3.3.6", 12, 16, 0.75, 0.505, 0.898, f"75{NB}%", "75", "percent",
          "reproduziert", "")
CONTRADICTIONS = [("R08", "anteil", "participation_jobcenter", "Widerspruch", "46 % folgt aus keiner ganzen Zahl",
                   "3.2.1.2: „46 %“", "Beteiligung des Jobcenters: 45 % = 10 von 22"),
                  ("R10", "anteil", "offers_all_ages_share", "Widerspruch", "39 % folgt aus keiner ganzen Zahl",
                   "3.2.2.1: „39 %“", "")]


# --- the raw files (renamed from quality.provenance) --------------------------------------------------------

def test_raw_files_carry_the_checksum_of_every_file_and_provenance_is_gone():
    class Data:
        quality = pd.DataFrame({"Quelle": ["Programmkommunen", "Befragung"], "Datei": ["m.csv", "s.csv"],
                                "Zeilen gelesen": [22, 16]})
        meta = {"raw_files": {"m.csv": "ab" * 32}}
    files = quality.raw_files(Data())
    assert files["SHA-256"].tolist() == ["ab" * 32, ""]
    assert files["Zeilen gelesen"].tolist() == [22, 16]
    assert not hasattr(quality, "provenance"), "provenance heißt nur publication/provenance.py"


# --- rounding differences -------------------------------------------------------------------------------------

@pytest.mark.parametrize("k, n, printed, expected", [
    (10, 22, "46", f"zweimal gerundet: 45,45{NB}% → 45,5{NB}% → 46{NB}%"),
    (17, 43, "39", f"abgeschnitten statt gerundet: 39,53{NB}% → 39{NB}%"),
    (12, 22, "54,5", ""),   # half-up gives it
    (5, 8, "63", ""),       # 62,5 → 63 half-up: no difference
    (8, 22, ">33", ""),     # "more than" is not a rounding
    (1, 3, "50", ""),       # no rounding explains it
])
def test_rounding_rule_names_the_rounding_that_gives_the_printed_share(k, n, printed, expected):
    assert appendix.rounding_rule(k, n, printed) == expected


def test_rounding_rule_ignores_counts_and_missing_denominators():
    assert appendix.rounding_rule(22, None, "22", unit="count") == ""
    assert appendix.rounding_rule(None, 22, "46") == ""


def test_compared_calls_a_difference_explained_by_rounding_a_rounding_difference():
    out = appendix.compared(_findings([TOTAL, JOBCENTER, AGES]), _checks(CONTRADICTIONS))
    assert out["outcome"].tolist() == ["reproduziert", "Rundungsdifferenz", "Rundungsdifferenz"]
    assert out["rules"].tolist() == ["", "R08", "R10"]
    assert out["label"].tolist()[1] == "Beteiligung des Jobcenters"
    assert out["status"].tolist()[1] == "abweichend (Prüfbefund)", "the reconciliation's status stays"


def test_compared_keeps_a_difference_no_rounding_explains():
    odd = ("participation_jobcenter", "3.2.1.2", "Abb. 8", 1, 3, 1 / 3, 0.06, 0.79, f"33{NB}%", "50", "percent",
           "abweichend", "")
    out = appendix.compared(_findings([odd]), _checks())
    assert out["outcome"].tolist() == ["abweichend"] and out["rounding"].tolist() == [""]


def test_reader_findings_show_basis_printed_text_status_and_only_survey_intervals():
    table = appendix.reader_findings(appendix.compared(_findings([TOTAL, SCHOOL, JOBCENTER, SURVEY]),
                                                       _checks(CONTRADICTIONS[:1])))
    assert list(table.columns[:2]) == ["Abschnitt", "Kennzahl"]
    assert set(appendix.READER_COLUMNS) <= set(table.columns)
    rows = table.set_index("Kennzahl")
    assert rows.loc["Programmkommunen insgesamt", "aus"] == "" and rows.loc["Programmkommunen insgesamt", "Hinweis"] == ""
    assert rows.loc["Beteiligung von Schulleitungen und Schulsozialarbeit", "Werkreport"] == f"mehr als 33{NB}%"
    assert rows.loc["Beteiligung von Schulleitungen und Schulsozialarbeit", "Hinweis"] == "", "complete count: no interval"
    jobcenter = rows.loc["Beteiligung des Jobcenters"]
    assert (jobcenter["aus"], jobcenter["Status"]) == ("10 von 22", "Rundungsdifferenz")
    assert "45,45" in jobcenter["Hinweis"] and "Prüfregel R08" in jobcenter["Hinweis"]
    assert "Wilson" in rows.loc["Koordinator*innen „sehr zufrieden“", "Hinweis"]


def test_reader_findings_at_another_date_say_not_compared():
    other = ("municipalities_total", "3.1", "Text 3.1", 17, None, None, None, None, "17", "22", "count",
             "anderer Stichtag", "Werkreport 1 bezieht sich auf 31.03.2022.")
    table = appendix.reader_findings(appendix.compared(_findings([other]), _checks()))
    assert table["Status"].tolist() == ["nicht verglichen"] and table["Hinweis"].tolist() == [""]


# --- prose of Anlage A ----------------------------------------------------------------------------------------

def _compared(rows, checks=CONTRADICTIONS):
    return appendix.compared(_findings(rows), _checks(checks))


def test_findings_summary_counts_reproduced_and_names_rounding_differences():
    text = prose.findings_summary(_compared([TOTAL, JOBCENTER, AGES]), "2022-03-31")
    assert "druckt 3 Werte" in text and "Davon ergeben sich 1 " in text
    assert "Zwei weichen nur durch die Rundung ab: Beteiligung des Jobcenters (zweimal gerundet" in text
    assert "Kein Wert weicht ohne Erklärung ab." in text


def test_findings_summary_singular_all_and_unexplained():
    assert "Einer weicht nur durch die Rundung ab" in prose.findings_summary(_compared([TOTAL, JOBCENTER]),
                                                                             "2022-03-31")
    assert "Alle 1 ergeben sich" in prose.findings_summary(_compared([TOTAL], []), "2022-03-31")
    odd = ("participation_jobcenter", "3.2.1.2", "Abb. 8", 1, 3, 1 / 3, 0.06, 0.79, f"33{NB}%", "50", "percent",
           "abweichend", "")
    text = prose.findings_summary(_compared([odd], []), "2022-03-31")
    assert "Keiner davon ergibt sich" in text and "Ohne Erklärung durch eine Prüfregel weicht ab: " in text


def test_findings_summary_at_another_date_does_not_judge_and_names_missing_values():
    other = ("municipalities_total", "3.1", "Text 3.1", 17, None, None, None, None, "17", "22", "count",
             "anderer Stichtag", "")
    missing = ("satisfaction_very", "3.3.6", "Text 3.3.6", None, None, None, None, None, "", "75", "percent",
               "keine Daten zum Stichtag", "")
    text = prose.findings_summary(_compared([other, missing], []), "2019-12-31")
    assert "31.12.2019" in text and "nicht bewertet" in text
    assert "fehlen die Daten für einen Wert: Koordinator*innen „sehr zufrieden“" in text


def test_audit_summary_counts_rounding_differences_not_as_contradictions():
    checks = _checks(CONTRADICTIONS + [("R01", "anteil", "x", "stimmig", "", "", ""),
                                       ("R17", "summe", "y", "Hinweis", "", "", "")])
    compared = _compared([JOBCENTER, AGES])
    read = appendix.reader_checks(checks, compared)
    assert set(read.loc[read["rule"].isin(["R08", "R10"]), "result"]) == {"Rundungsdifferenz"}
    text = prose.audit_summary(read, compared)
    assert text == ("Von 4 Prüfregeln ist eine stimmig, eine gibt einen Hinweis und zwei finden eine "
                    "Rundungsdifferenz (Tabelle A1).")
    assert "Widerspruch" not in text
    clean = prose.audit_summary(_checks([("R01", "anteil", "x", "stimmig", "", "", "")] * 3))
    assert clean == "Von 3 Prüfregeln sind drei stimmig und keine findet einen Widerspruch."


def test_audit_readings_list_what_the_data_give_for_contradictions_and_notes():
    text = prose.audit_readings(_checks(CONTRADICTIONS + [("R01", "anteil", "x", "stimmig", "", "", "x: 1")]))
    assert "- **R08** (Widerspruch): Beteiligung des Jobcenters: 45 % = 10 von 22." in text
    assert "R10" not in text and "R01" not in text, "no reading, no line; agreeing rules stay in the table"
    assert "Keine Prüfregel" in prose.audit_readings(_checks())
    read = appendix.reader_checks(_checks(CONTRADICTIONS), _compared([JOBCENTER, AGES]))
    text = prose.audit_readings(read)
    assert "(Rundungsdifferenz)" in text and "zu den Rundungsdifferenzen ergeben" in text


def test_code_matrix_explains_abbreviations_of_the_code_system():
    codes = pd.DataFrame({"code": ["Umsetzung\\Teilnahme Fortbildungen LKS", "A\\x"], "municipalities": [3, 1],
                          "segments": [3, 1]})
    assert "steht LKS für die Landeskoordinierungsstelle" in prose.code_matrix_text(codes, 3)
    assert "steht" not in prose.code_matrix_text(codes.iloc[1:], 3)


# --- Anlage B: code matrix, agreement -------------------------------------------------------------------------

def _segments():
    return pd.DataFrame({"code": ["A\\x", "A\\x", "A\\y", "B\\z"], "municipality_id": ["P01", "P02", "P02", "P09"],
                         "document": ["d1", "d2", "d3", "d4"], "document_group": ["Protokolle"] * 4})


MUNICIPALITIES = pd.DataFrame({"municipality_id": ["P01", "P02", "P03"], "pseudonym": ["Kommune B", "Kommune A", None],
                               "cohort": [2017, 2018, 2018], "name": ["Stadt Eins", "Stadt Zwei", "Stadt Drei"]})


def test_published_matrix_sums_cohorts_shows_no_municipality_and_suppresses_small_cells():
    table = matrix.published(_segments(), MUNICIPALITIES, minimum=1)
    assert table.columns.name == "Kohorte" and all(c.startswith(("Kohorte", "ohne")) for c in table.columns)
    shown = " ".join(map(str, table.columns)) + " ".join(map(str, table.index))
    assert "P0" not in shown and "Stadt" not in shown and "Kommune A" not in shown
    assert table.loc["A\\x", "Kohorte 2017 (1 Kommune)"] == 1
    small = matrix.published(_segments(), MUNICIPALITIES)
    assert (small.fillna(0) == 0).all().all(), "no cohort cell rests on three municipalities here; zeros stay"
    assert set(matrix.marked(small).to_numpy().ravel()) == {matrix.SUPPRESSED, "0"}


def test_published_matrix_suppresses_a_second_cell_when_one_would_follow_from_the_total():
    segments = pd.DataFrame({"code": ["x"] * 5, "municipality_id": ["a", "b", "c", "d", "e"]})
    municipalities = pd.DataFrame({"municipality_id": list("abcde"), "cohort": [2017, 2017, 2017, 2018, 2020]})
    assert matrix.published(segments, municipalities).isna().to_numpy().tolist() == [[False, True, True]]
    segments = pd.DataFrame({"code": ["x"] * 7, "municipality_id": list("abcdefg")})
    municipalities = pd.DataFrame({"municipality_id": list("abcdefg"), "cohort": [2017] * 3 + [2018] * 3 + [2020]})
    assert matrix.published(segments, municipalities).isna().to_numpy().tolist() == [[True, False, True]]


def test_codes_overview_and_its_german_table():
    codes = matrix.codes_overview(_segments())
    assert codes.to_dict("list") == {"code": ["A\\x", "A\\y", "B\\z"], "municipalities": [2, 1, 1], "segments": [2, 1, 1]}
    big = pd.DataFrame({"code": ["A"], "municipalities": [3], "segments": [1234]})
    assert matrix.codes_table(big).to_dict("list") == {"Code": ["A"], "Kommunen": ["3"], "codierte Segmente": ["1.234"]}
    rare = pd.DataFrame({"code": ["A"], "municipalities": [2], "segments": [5]})
    assert matrix.codes_table(rare)["codierte Segmente"].tolist() == [matrix.SUPPRESSED]


def test_code_matrix_text_counts_and_names_common_and_rare_codes():
    codes = pd.DataFrame({"code": ["A\\x", "A\\y", "B\\z"], "municipalities": [2, 1, 2], "segments": [3, 1, 2]})
    text = prose.code_matrix_text(codes, 2)
    assert text.startswith("Bis zum Stichtag tragen 6 Segmente aus den Dokumenten von zwei Kommunen einen Code; "
                           "benutzt sind drei Codes.")
    # backslashes escaped: pandoc would read "\\x" as a TeX command and drop it from the report
    assert "In allen Kommunen vergeben sind A\\\\x und B\\\\z." in text
    assert "Am seltensten ist A\\\\y (eine Kommune)." in text
    one = prose.code_matrix_text(codes.iloc[:1].assign(segments=1, municipalities=1), 1)
    assert one == "Bis zum Stichtag trägt ein Segment aus den Dokumenten von einer Kommune einen Code; benutzt ist ein Code."
    assert prose.code_matrix_text(codes.iloc[:0], 0) == "Zum Stichtag sind keine Dokumente codiert."


def test_agreement_if_any_is_empty_without_a_second_coder():
    segments = pd.DataFrame({"document": ["d"], "code": ["A"], "begin": [1], "end": [2], "coder": ["EV1"]})
    table = agreement.agreement_if_any(segments)
    assert table.empty and list(table.columns) == agreement.COLUMNS
    assert "nicht berechenbar" in prose.agreement_text(table)


def test_agreement_text_marks_a_test_coding_and_counts_units():
    table = pd.DataFrame({"code": ["A", "B\\y"], "units": [10, 10], "both": [3, 2], "only_a": [0, 2], "only_b": [0, 0],
                          "neither": [7, 6], "percent_agreement": [1.0, 0.8], "kappa": [1.0, 0.55],
                          "alpha": [1.0, 0.5], "below_threshold": [False, True]})
    table.attrs["coders"] = ("EV1", "EV2-TEST")
    text = prose.agreement_text(table)
    assert "diese Dokumente haben 10 Absätze" in text and "Achtung, Testdaten" in text and "B\\\\y (κ = 0,55)" in text
    table.attrs["coders"] = ("EV1", "EV2")
    assert "Testdaten" not in prose.agreement_text(table)
    assert "EV1" not in prose.agreement_text(table), "coder names are personal data"


# --- Anlage C: data, provenance, methods ----------------------------------------------------------------------

def test_data_basis_text_counts_evidence_and_tolerates_deliveries_without_it():
    m = pd.DataFrame({"evidence": ["belegt", "belegt", "Platzhalter"]})
    text = prose.data_basis_text(m, "2022-03-30", "2022-03-31")
    assert "jüngste Datensatz stammt vom 30.03.2022" in text
    assert "Von den 3 Programmkommunen sind 2 durch öffentliche Quellen belegt und eine ist ein Platzhalter, der für keine reale Kommune steht." in text
    assert "Programmkommunen" not in prose.data_basis_text(pd.DataFrame({"name": ["x"]}), None, "2022-03-31")


def test_quality_text_from_the_overview_without_its_sum_row():
    overview = pd.DataFrame({"Quelle": ["a", "b", "Summe"], "Datei": ["a.csv", "b.csv", ""],
                             "Zeilen gelesen": [1000, 40, 1040], "Dubletten entfernt": [1, 0, 1],
                             "nach Stichtag ausgeschlossen": [0, 1, 1], "Datensätze verwendet": [999, 39, 1038]}
                            ).set_index("Quelle")
    assert prose.quality_text(overview) == (
        "Gelesen wurden zwei Rohdateien mit 1.040 Zeilen. Entfernt wurde eine exakte Dublette. Ein Datensatz ist "
        "nach dem Stichtag datiert und bleibt unberücksichtigt. In die Auswertung gehen 1.038 Datensätze ein.")


def test_municipalities_text_by_cohort_and_type():
    by_type = pd.crosstab(pd.Series(["Landkreis", "Landkreis", "Region"], name="Typ"),
                          pd.Series([2017, 2018, 2017], name="Kohorte"), margins=True, margins_name="Summe")
    assert prose.municipalities_text(by_type) == (
        "Zum Stichtag nehmen drei Kommunen in zwei Kohorten am Programm teil (2017 zwei und 2018 eine): "
        "zwei Landkreise und eine Region.")


def test_raw_files_text_counts_files_and_missing_checksums():
    files = pd.DataFrame({"Datei": ["a", "b"], "SHA-256": ["ab" * 32, ""]})
    text = prose.raw_files_text(files)
    assert text.startswith("Die Auswertung beruht auf zwei Rohdateien.") and "Für eine Datei fehlt die Prüfsumme." in text


def test_coding_basis_text():
    codebook = pd.DataFrame({"code": ["A\\x", "A\\y", "B\\z"], "indicator": ["a", "a", "b"]})
    text = prose.coding_basis_text(codebook, _segments(), 22)
    assert text == ("Das Codesystem ordnet 3 Codes 2 Merkmalen zu. Bis zum Stichtag liegen 4 codierte Segmente aus "
                    "4 Dokumenten (eine Dokumentgruppe) vor; sie betreffen drei Kommunen, der Nenner ist die Zahl "
                    "der Programmkommunen zum Stichtag (22).")


def test_rounding_example_takes_a_share_on_the_half():
    frame = _findings([SURVEY, ("share_independent_cities", "3.1", "Text 3.1", 5, 8, 0.625, 0.3, 0.86, f"63{NB}%",
                                "63", "percent", "reproduziert", "")]).assign(label=["Zufrieden", "Kreisfreie Städte"])
    text = prose.rounding_example_text(frame)
    assert "(Kreisfreie Städte): 5 von 8 sind 62,5" in text and f"ausgewiesen als 63{NB}%" in text
    assert f"ergäbe 62{NB}%" in text
    assert "keiner genau auf der Mitte" in prose.rounding_example_text(frame.iloc[:1])


def test_intervals_text_separates_complete_counts_from_the_survey():
    frame = appendix.compared(_findings([TOTAL, SCHOOL, JOBCENTER, SURVEY]), _checks())
    text = prose.intervals_text(frame)
    assert text.startswith("Bei zwei Werten der Tabelle A1 mit Zähler und Nenner ist der Nenner eine Vollerhebung (n = 22)")
    assert "Ein Wert stammt aus der Befragung mit 16 Fragebögen" in text and "50,5 bis 89,8" in text
    assert "Werte aus der Befragung liegen zum Stichtag nicht vor." in prose.intervals_text(frame.iloc[:2])


def test_trend_method_text_years_and_count():
    years = pd.DataFrame({"year": [2020, 2021], "count": [1, 3], "months": [12, 3]})
    assert prose.trend_method_text(years) == ("Gezählt werden vier Fortbildungen der Landeskoordinierungsstelle in "
                                              "den Jahren 2020 bis 2021.")
    assert "eine Fortbildung" in prose.trend_method_text(years.iloc[:1]) and "im Jahr 2020" in prose.trend_method_text(years.iloc[:1])
    assert "keine Fortbildungen" in prose.trend_method_text(years.iloc[:0])


def test_stale_warning_only_when_stale():
    assert prose.stale_warning(None) == ""
    assert prose.stale_warning("Die Daten reichen nur bis 28.12.2022.").startswith("**Achtung, veralteter Datenstand:**")
