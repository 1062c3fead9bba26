"""The Kommunensteckbrief's data: one municipality's profile at a reporting date, from a Dataset.

Everything is read off the same findings as the report (findings/, qda/matrix) restricted to one
municipality, beside the share of all municipalities at the date. Coded segments appear as counts
per code of the document analysis only: no segment text, and nothing of the interviews, whose
pseudonyms must not be linked to a named municipality.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from evaluation import reporting_date as rd
from evaluation.data.dataset import Dataset
from evaluation.errors import EvaluationError
from evaluation.findings import offers, process_support, structures, sustainability
from evaluation.findings.base import latest_value, municipalities_with
from evaluation.intake.municipalities import MunicipalityNames, base_name, key
from evaluation.qda import matrix

PLACEHOLDER = "Platzhalter"
# The structural indicators of the profile, in the report's order (3.2.1, 3.2.1.2); body_member
# stands for one row per sector of the codebook.
INDICATORS = ("political_resolution", "impact_goal_defined", "coordination_office_established", "body_member",
              "stock_taking", "needs_determination", "needs_survey", "wishes_survey")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


class MunicipalityNotFound(EvaluationError):
    """A requested municipality is not among those active at the reporting date."""


@dataclass(frozen=True)
class Profile:
    """One municipality at one date; tables are tidy (English columns), the page translates them."""
    reporting_date: str
    municipality: pd.Series          # its row of ds.municipalities
    placeholder: bool
    n: int                           # municipalities in the programme at the date
    model_areas: pd.DataFrame        # model_area, kind, start, end, evidence
    coordination_location: str | None
    continuation: str | None
    indicators: pd.DataFrame         # indicator, value, label, met, first_documented, count, n, share
    family_offers: pd.DataFrame      # kind, count (this municipality), total (all municipalities)
    professional_offers: pd.DataFrame
    training_documented: pd.Timestamp | None   # first document coding its coordinator's participation
    trainings: pd.DataFrame          # year, format, count: LKS trainings held while it was funded
    codes: pd.DataFrame              # code, label, segments, documents (document analysis)

    @property
    def name(self) -> str:
        return self.municipality["name"]

    @property
    def key(self) -> str:
        return self.municipality["programme_key"]


def slug(name: str) -> str:
    """ASCII file-name part: 'Hansestadt Lüneburg' → 'hansestadt_lueneburg'."""
    return re.sub(r"[^a-z0-9]+", "_", name.translate(_UMLAUTS).lower()).strip("_")


def active(ds) -> pd.DataFrame:
    """The municipalities in the programme at the date, by programme key, with the file stem of their page."""
    table = ds.municipalities.sort_values("programme_key", kind="mergesort").reset_index(drop=True)
    return table.assign(stem=[f"{k}_{slug(n)}" for k, n in zip(table["programme_key"], table["name"])])


def resolve(ds, names: list[str]) -> list[str]:
    """Programme keys for names, spellings (municipalities.py), AGS or keys like 'p01'; German error if unknown."""
    table = active(ds)
    by_key = {k.casefold(): k for k in table["programme_key"]}
    ids = dict(zip(table["municipality_id"], table["programme_key"]))
    spellings = MunicipalityNames(table)
    found = []
    for name in names:
        if str(name).strip().casefold() in by_key:
            found.append(by_key[str(name).strip().casefold()])
            continue
        try:
            mid = spellings.resolve(str(name))
        except LookupError as exc:
            raise MunicipalityNotFound(f"Kommune „{name}“: {exc}") from None
        if mid is None:
            raise MunicipalityNotFound(_unknown(name, table, ds.reporting_date))
        found.append(ids[mid])
    return list(dict.fromkeys(found))


def _unknown(name: str, table: pd.DataFrame, date: str) -> str:
    labels = {}
    for k, n in zip(table["programme_key"], table["name"]):
        labels[key(n)] = labels[base_name(n)] = f"{k} {n}"
    close = difflib.get_close_matches(key(name), list(labels), n=3, cutoff=0.5)
    close = list(dict.fromkeys(labels[c] for c in close))
    hint = ("Meinten Sie " + " oder ".join(f"„{c}“" for c in close) + "?" if close
            else "Aktive Kommunen: " + ", ".join(dict.fromkeys(labels.values())) + ".")
    return (f"Kommune „{name}“ ist zum Stichtag {rd.german(date)} keine aktive Programmkommune. {hint} "
            "Angabe als Name (Groß-/Kleinschreibung egal, z. B. „LK …“) oder als Kennung (z. B. P01).")


def profile(ds, municipality: str | None = None) -> Profile:
    """The profile of `municipality` (name, spelling or key; None: the first active one at the date)."""
    table = active(ds)
    if table.empty:
        raise MunicipalityNotFound(f"Zum Stichtag {rd.german(ds.reporting_date)} ist keine Kommune im Programm.")
    programme_key = table["programme_key"].iloc[0] if municipality is None else resolve(ds, [municipality])[0]
    row = table.set_index("programme_key", drop=False).loc[programme_key]
    mid = row["municipality_id"]
    own = _restricted(ds, mid)
    return Profile(
        reporting_date=ds.reporting_date, municipality=row, placeholder=row["evidence"] == PLACEHOLDER,
        n=len(ds.municipalities), model_areas=_model_areas(ds, mid),
        coordination_location=latest_value(ds, "coordination_location").get(mid),
        continuation=sustainability.latest_status(ds).get(mid),
        indicators=indicators(ds, mid),
        family_offers=_offers(offers.family_offers_by_kind(own), offers.family_offers_by_kind(ds)),
        professional_offers=_offers(offers.professional_offers_by_kind(own), offers.professional_offers_by_kind(ds)),
        training_documented=_first_documented(ds, mid, "training_participation"),
        trainings=process_support.trainings_by_year(_restricted(ds, mid, trainings=True))[["year", "format", "count"]],
        codes=codes(ds, mid),
    )


def indicators(ds, mid: str) -> pd.DataFrame:
    """Each structural indicator: met by this municipality (and since when), and by how many of all."""
    book = ds.codebook
    rows = []
    for name in INDICATORS:
        entries = book[book["indicator"] == name]
        values = entries["value"].tolist() if name == "body_member" else [None]
        for value in values:
            label = entries.loc[entries["value"] == value, "label"] if value else entries["label"]
            everyone = structures.indicator(ds, name, value)
            rows.append({"indicator": name, "value": value, "label": label.iloc[0],
                         "met": mid in municipalities_with(ds, name, value),
                         "first_documented": _first_documented(ds, mid, name, value),
                         "count": everyone.numerator, "n": everyone.denominator, "share": everyone.share})
    return pd.DataFrame(rows)


def codes(ds, mid: str) -> pd.DataFrame:
    """Coded segments and documents per code of the document analysis (counts only, codebook order)."""
    seg = ds.document_segments
    own = seg[seg["municipality_id"] == mid]
    counts = matrix.code_matrix(seg)
    segments = counts[mid] if mid in counts.columns else pd.Series(dtype="int64")
    documents = own.groupby("code")["document"].nunique()
    table = ds.codebook[["code", "label"]].assign(
        segments=lambda t: t["code"].map(segments).fillna(0).astype(int),
        documents=lambda t: t["code"].map(documents).fillna(0).astype(int))
    return table[table["segments"] > 0].reset_index(drop=True)


def _restricted(ds, mid: str, trainings: bool = False) -> Dataset:
    """The dataset as if the programme were this one municipality: the findings functions apply unchanged.

    With `trainings`, the activity log keeps the programme-wide trainings held while it was funded
    (own period and deepening phases up to the date): the log does not record who attended.
    """
    tables = dict(ds.tables)
    tables["offers_families"] = ds.offers_families[ds.offers_families["municipality_id"] == mid]
    tables["offers_professionals"] = ds.offers_professionals[ds.offers_professionals["municipality_id"] == mid]
    tables["offer_life_situations"] = ds.offer_life_situations[
        ds.offer_life_situations["offer_no"].isin(tables["offers_families"]["offer_no"])]
    acts = ds.activities
    if trainings:
        funded = pd.Series(False, index=acts.index)
        for start, end in funded_periods(ds, mid):
            funded |= acts["date"].between(start, end)
        tables["activities"] = acts[funded]
    else:
        tables["activities"] = acts[acts["municipality_id"] == mid]
    return Dataset(tables, ds.meta)


def funded_periods(ds, mid: str) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Its own funding period and its deepening phases, each cut at the reporting date; a model-area phase that
    is its own funding (Samtgemeinde Fürstenau: same dates) is one phase, not two."""
    cut = pd.Timestamp(ds.reporting_date)
    own = ds.municipalities[ds.municipalities["municipality_id"] == mid]
    deep = ds.model_areas[(ds.model_areas["municipality_id"] == mid) & (ds.model_areas["kind"] == "Vertiefung")]
    periods = list(zip(own["funding_start"], own["funding_end"])) + list(zip(deep["start"], deep["end"]))
    periods = list(dict.fromkeys(periods))
    return [(start, min(end, cut)) for start, end in periods if start <= cut]


def _model_areas(ds, mid: str) -> pd.DataFrame:
    areas = ds.model_areas[ds.model_areas["municipality_id"] == mid]
    return areas.sort_values(["start", "model_area"], kind="mergesort")[
        ["model_area", "kind", "start", "end", "evidence"]].reset_index(drop=True)


def _offers(own: pd.DataFrame, everyone: pd.DataFrame) -> pd.DataFrame:
    """Counts per kind for this municipality beside all municipalities, in the programme-wide order."""
    table = everyone[["kind", "count"]].rename(columns={"count": "total"})
    return table.assign(count=table["kind"].map(own.set_index("kind")["count"]).fillna(0).astype(int))[
        ["kind", "count", "total"]]


def _first_documented(ds, mid: str, indicator: str, value: str | None = None) -> pd.Timestamp | None:
    seg = ds.document_segments
    mask = (seg["municipality_id"] == mid) & (seg["indicator"] == indicator)
    if value is not None:
        mask &= seg["value"] == value
    dates = seg.loc[mask, "document_date"]
    return dates.min() if len(dates) else None
