"""A dataset `factor` times the reconstruction, for the scale benchmark.

Every municipality is copied `factor` times under a new key and name (copies have no AGS,
so the register's denominators stay as they are); everything that refers to a municipality is
copied with it. Coded documents are copied with their municipality (name suffixed, one register row
each), their segments twice per copy (paragraphs shifted), so 100× gives about 94,000 segments. Files
are written as `;`-CSV (the coding files too: the package reads coded segments as .csv or .xlsx) with a
fresh MANIFEST.csv.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd

from evaluation.data import clean
from evaluation.intake import manifest
from evaluation.intake.municipalities import MunicipalityNames
from evaluation.intake.delivery import RAW_FILES, Delivery
from evaluation.intake.readers import read_table


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as the text a CSV holds: dates as 31.03.2022, missing cells empty (each distinct value once)."""
    def column(values: pd.Series) -> pd.Series:
        positions, distinct = pd.factorize(values, use_na_sentinel=False)
        texts = ["" if v is None or pd.isna(v) else v.strftime("%d.%m.%Y") if isinstance(v, (dt.date, dt.datetime))
                 else str(v) for v in distinct]
        return pd.Series(pd.Series(texts, dtype=object).to_numpy()[positions], index=values.index)
    return frame.apply(column)


def replicate(raw: Path, out: Path, factor: int) -> dict[str, int]:
    raw, out = Path(raw), Path(out)
    (out / "coding").mkdir(parents=True, exist_ok=True)
    (out / "reference").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(raw / "reference/niedersachsen_kreise.csv", out / "reference/niedersachsen_kreise.csv")
    shutil.copyfile(raw / "coding/codebook.csv", out / "coding/codebook.csv")
    shutil.copyfile(raw / "persons.csv", out / "persons.csv")
    frames = {s.key: _text(read_table(Delivery(raw).path(s), sheet=s.sheet)) for s in RAW_FILES}
    munis = frames["municipalities"]
    typed = clean.build(raw, "2022-03-31").municipalities
    # the dataset keeps no pseudonyms (the key back from „Kommune A“); the raw file has them
    raw_pseudonyms = dict(zip(munis["Kennung"], munis["Pseudonym"].replace("", None)))
    names = MunicipalityNames(typed.assign(pseudonym=typed["programme_key"].map(raw_pseudonyms)))
    by_id = dict(zip(typed["municipality_id"], typed["name"]))

    def canonical(spelling: str) -> str:
        return by_id[names.resolve(spelling)] if spelling else ""

    copies = {key: [] for key in frames}
    for k in range(factor):
        suffix = "" if k == 0 else f" #{k}"
        m = munis.copy()
        m["Kennung"] = m["Kennung"] + ("" if k == 0 else f"-{k}")
        m["Kommune"] = m["Kommune"] + suffix
        if k:
            m["AGS"] = ""
            m["Pseudonym"] = ""
        copies["municipalities"].append(m)
        for key, column in (("model_areas", "Kommune"), ("offers_families", "Kommune"),
                            ("offers_professionals", "Kommune"), ("activities", "Kommune"),
                            ("documents", "Kommune"), ("document_segments", None)):
            f = frames[key].copy()
            if column:
                spellings = {s: (s if names.is_pseudonym(s) else canonical(s) + suffix) if s else ""
                             for s in f[column].unique()}  # a pseudonym names no municipality: kept as it is
                f[column] = f[column].map(spellings)
            if key in ("documents", "document_segments"):
                f["Dokumentname"] = f["Dokumentname"] + suffix
            if key == "model_areas":
                f["Modellraum"] = f["Modellraum"] + suffix
            if key in ("offers_families", "offers_professionals"):
                f["Nr"] = (f["Nr"].astype(int) + k * 1000).astype(str)
            if key == "document_segments":
                shifted = f.copy()
                shifted[["Anfang", "Ende"]] = (shifted[["Anfang", "Ende"]].astype(int) + 1000).astype(str)
                f = pd.concat([f, shifted])
            copies[key].append(f)
        interviews = frames["interview_segments"].copy()
        interviews["Dokumentname"] = interviews["Dokumentname"] + suffix
        copies["interview_segments"].append(interviews)
        survey = frames["survey"].copy()
        survey["Fragebogen"] = survey["Fragebogen"] + suffix
        copies["survey"].append(survey)
    targets = {"municipalities": "municipalities.csv", "model_areas": "model_areas.csv",
               "offers_families": "offers_families.csv", "offers_professionals": "offers_professionals.csv",
               "activities": "activities.csv", "documents": "coding/documents.csv",
               "document_segments": "coding/document_analysis.csv",
               "interview_segments": "coding/interviews.csv", "survey": "survey_coordinators_2021-03.csv"}
    sizes = {}
    for key, name in targets.items():
        table = pd.concat(copies[key], ignore_index=True)
        table.to_csv(out / name, sep=";", index=False, encoding="utf-8")
        sizes[key] = len(table)
    (out / "MANIFEST.csv").write_text(manifest.render(out, clean.count_records(out)), encoding="utf-8")
    return sizes
