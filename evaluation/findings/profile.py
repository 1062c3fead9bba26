"""The Kommunensteckbrief's data: one municipality's profile at a reporting date, from a Dataset.

Everything is read off the same findings as the report (findings/) restricted to one municipality, beside its
cohort and all municipalities at the date. Nothing per municipality is derived from coded segments at
segment-count granularity (such a column would equal one of the pseudonymised code matrix): indicators are
met / not met only, no segment text, nothing of the interviews.

Every value carries whether it is reconstructed, read off the evidence the delivery holds: `evidence`
(Belegstatus) of municipalities, model areas and family offers, and the mark "[rekonstruiert]" the
reconstruction puts into every text it invented (offer and activity titles, segment paraphrases). A coded
segment counts as published when its comment says the document is cited in the Werkreport. A delivery
without any of these (a partner's real data) has nothing reconstructed: its values stay unmarked.
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

PLACEHOLDER = "Platzhalter"
# A model-area phase with the funding's own dates is that funding, not a deepening after it (Fürstenau, 3.1).
OWN_PHASE = "keine eigene – die Förderung ist selbst die zweijährige Modellraumphase (Modellräume)"
MARK = "[rekonstruiert]"          # the reconstruction's mark in every text it invented (data/raw/README.md)
PUBLISHED_COMMENT = "Werkreport"  # a segment comment naming the report: the document is cited there
# The structural indicators of the profile in the report's order: (indicator, value, area, place in the
# Werkreport); value None stands for one row per value of the codebook.
INDICATORS = (
    ("political_resolution", "", "Strategie", "3.2.1; Tabelle 1 Nr. 4"),
    ("impact_goal_defined", "", "Strategie", "3.2.1"),
    ("impact_orientation_started", "", "Strategie", "Abb. 4"),
    ("impact_model_used", "", "Strategie", "3.2.1; Tabelle 1 Nr. 5"),
    ("coordination_office_established", "", "Struktur", "3.2.1.1; Tabelle 1 Nr. 1"),
    ("coordination_location", None, "Struktur", "Abb. 5"),
    ("steering_group_established", "", "Struktur", "3.2.1.1; Tabelle 1 Nr. 3"),
    ("cooperation_youth_welfare_public_health", "", "Struktur", "Tabelle 1 Nr. 2"),
    ("body_member", None, "Struktur", "Abb. 6–8"),
    ("stock_taking", "", "Analysen", "Abb. 9"),
    ("needs_determination", "", "Analysen", "Abb. 9"),
    ("needs_survey", "", "Analysen", "Abb. 9"),
    ("wishes_survey", "", "Analysen", "Abb. 9"),
    ("local_events_held", "", "Umsetzung", "Tabelle 1 Nr. 6"),
    ("training_participation", "", "Umsetzung", "Tabelle 1 Nr. 7"),
)
# The activities of the Landeskoordinierungsstelle addressed to one municipality, in the log's order.
OWN_ACTIVITIES = ("Beratungskontakt", "Beratungskontakt Wirkungsorientierung", "Vortrag", "Workshop Wirkungsorientierung")
LISTED_ACTIVITIES = ("Vortrag", "Workshop Wirkungsorientierung")  # few enough to list with their dates
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


class MunicipalityNotFound(EvaluationError):
    """A requested municipality is not among those active at the reporting date."""


@dataclass(frozen=True)
class Profile:
    """One municipality at one date; tables are tidy (English columns), the page translates them.

    Every `reconstructed` column says whether the value beside it is not published (Werkreport or a public
    source); `reconstruction` whether the delivery is the reconstruction at all (then shares of cohorts and
    the assignment of indicators are reconstructed too).
    """
    reporting_date: str
    municipality: pd.Series          # its row of ds.municipalities
    placeholder: bool
    n: int                           # municipalities in the programme at the date
    cohort_n: int                    # of them in its cohort
    reconstruction: bool             # the delivery carries the reconstruction's evidence marks
    evidence_delivered: bool         # the delivery has a Belegstatus column at all
    facts: pd.DataFrame              # fact, value, reconstructed (German labels: the facts table of the page)
    model_areas: pd.DataFrame        # model_area, kind, start, end, evidence, reconstructed
    timeline: pd.DataFrame           # label, phase, start, end, reconstructed
    indicators: pd.DataFrame         # area, place, indicator, value, label, met, reconstructed, first_documented,
                                     # first_reconstructed (the date rests on reconstructed documents only),
                                     # cohort_count, cohort_n, cohort_share, count, n, share
    family_offers: pd.DataFrame      # kind, count (this municipality), total (all municipalities)
    professional_offers: pd.DataFrame
    family_offer_list: pd.DataFrame  # title, kind, age_group, reconstructed
    professional_offer_list: pd.DataFrame  # title, kind, target_group, reconstructed
    activities: pd.DataFrame         # kind, year, count, reconstructed (LKS activities for it, by year)
    activity_list: pd.DataFrame      # date, kind, format, title, reconstructed (talks and workshops)
    training_documented: pd.Timestamp | None   # first document coding its coordinator's participation
    trainings: pd.DataFrame          # year, format, count: LKS trainings held while it was funded

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
    placeholder = row.get("evidence") == PLACEHOLDER
    areas = _model_areas(ds, mid, placeholder)
    return Profile(
        reporting_date=ds.reporting_date, municipality=row, placeholder=placeholder,
        n=len(ds.municipalities), cohort_n=int((ds.municipalities["cohort"] == row["cohort"]).sum()),
        reconstruction=reconstruction(ds), evidence_delivered=evidence_delivered(ds),
        facts=facts(ds, row, areas), model_areas=areas, timeline=timeline(row, areas, placeholder),
        indicators=indicators(ds, mid),
        family_offers=_offers(offers.family_offers_by_kind(own), offers.family_offers_by_kind(ds)),
        professional_offers=_offers(offers.professional_offers_by_kind(own), offers.professional_offers_by_kind(ds)),
        family_offer_list=_offer_list(own.offers_families, "age_group", placeholder),
        professional_offer_list=_offer_list(own.offers_professionals, "target_group", placeholder),
        activities=activities(own, placeholder), activity_list=activity_list(own, placeholder),
        training_documented=_first_documented(ds, mid, "training_participation"),
        trainings=process_support.trainings_by_year(_restricted(ds, mid, trainings=True))[["year", "format", "count"]],
    )


def marked(values: pd.Series) -> pd.Series:
    """Texts that carry the reconstruction's mark."""
    return values.astype("string").str.contains(MARK, regex=False).fillna(False).astype(bool)


def segment_reconstructed(seg: pd.DataFrame) -> pd.Series:
    """Coded segments whose evidence is reconstruction: a marked paraphrase from a document the Werkreport does
    not cite (its comment does not name the report)."""
    cited = (seg["comment"].astype("string").str.contains(PUBLISHED_COMMENT, regex=False).fillna(False).astype(bool)
             if "comment" in seg else pd.Series(False, index=seg.index))
    return marked(seg["text"]) & ~cited if "text" in seg else pd.Series(False, index=seg.index)


def evidence_delivered(ds) -> bool:
    """The delivery has the Belegstatus column of the programme's master data (optional)."""
    return "evidence" in ds.municipalities and ds.municipalities["evidence"].notna().any()


def reconstruction(ds) -> bool:
    """The data are the reconstruction: its master data say so or its coded segments carry its mark."""
    m = ds.municipalities
    flagged = evidence_delivered(ds) and (m["evidence"] != "belegt").any()
    return bool(flagged or segment_reconstructed(ds.document_segments).any())


def _evidence_reconstructed(evidence) -> bool:
    """A Belegstatus other than 'belegt' (inferred, placeholder, reconstructed); none delivered: not marked."""
    if evidence is None or pd.isna(evidence):
        return False
    return evidence not in ("belegt", "im Bericht genannt")


def facts(ds, row: pd.Series, areas: pd.DataFrame) -> pd.DataFrame:
    """Master data as the page states them, each with whether it is reconstructed."""
    evidence, source = row.get("evidence"), row.get("source")
    all_invented = evidence == PLACEHOLDER
    cohort_inferred = all_invented or _evidence_reconstructed(evidence) or (
        isinstance(source, str) and "erschlossen" in source)
    deep = areas[areas["kind"] == "Vertiefung"]
    own_phase = (deep["start"] == row["funding_start"]) & (deep["end"] == row["funding_end"])
    deepening = list(zip(deep.loc[~own_phase, "start"], deep.loc[~own_phase, "end"]))
    if own_phase.any() and not deepening:
        deepening = OWN_PHASE
    mid = row["municipality_id"]
    rows = [("Kommune", row["name"], all_invented), ("Typ", row["type"], all_invented),
            ("Kreisschlüssel", district_key(ds, row), False),
            ("Amtlicher Gemeindeschlüssel (AGS)", municipality_key(row), False),
            ("Übergeordnet", row.get("parent"), all_invented), ("Kohorte", str(row["cohort"]), cohort_inferred),
            ("Förderzeitraum", (row["funding_start"], row["funding_end"]), cohort_inferred),
            ("Vertiefungsphase", deepening, bool(deep["reconstructed"].any())),
            ("Verortung der Koordinierungsstelle", *_latest(ds, mid, "coordination_location")),
            ("Fortführung nach Förderende", *_latest(ds, mid, "continuation"))]
    if evidence_delivered(ds):
        rows += [("Beleg der Teilnahme", evidence, False), ("Quelle", source, False)]
    return pd.DataFrame(rows, columns=["fact", "value", "reconstructed"])


def district_key(ds, row: pd.Series) -> str | None:
    """The Kreisschlüssel: its own (Landkreis, Region, kreisfreie Stadt) or its parent's, from the master data
    or the official register; None where neither has it (placeholders)."""
    if isinstance(row.get("ags"), str) and row["ags"]:
        return row["ags"][:5]
    parent = row.get("parent")
    if not isinstance(parent, str):
        return None
    known = ds.municipalities.set_index("name")["ags"].dropna()
    if parent in known.index:
        return known[parent][:5]
    register = ds.tables.get("register")
    if register is not None and "name" in register:
        hits = register[register["name"].map(base_name) == base_name(parent)]
        if len(hits) == 1:
            return hits["ags"].iloc[0]
    return None


def municipality_key(row: pd.Series) -> str | None:
    """The 8-digit Amtlicher Gemeindeschlüssel where the data hold it; for a kreisfreie Stadt the Kreisschlüssel
    with the Gemeindeteil 000 (how the AGS of a kreisfreie Stadt is formed); None otherwise (not recorded)."""
    ags = row.get("ags")
    if not isinstance(ags, str) or not ags:
        return None
    if len(ags) == 8:
        return ags
    return f"{ags}000" if row["type"] == "kreisfreie Stadt" else None


def _latest(ds, mid: str, indicator: str) -> tuple[str | None, bool]:
    """The latest coded value of `indicator` and whether all segments stating it are reconstructed (the
    continuation by the rule of 3.4: the latest document decides, a decision wins on the same day)."""
    seg = ds.document_segments
    seg = seg[(seg["municipality_id"] == mid) & (seg["indicator"] == indicator)]
    latest = sustainability.latest_status(ds, indicator) if indicator == sustainability.INDICATOR else \
        latest_value(ds, indicator)
    value = latest.get(mid)
    if value is None:
        return None, False
    stating = seg[seg["value"] == value]
    return value, bool(segment_reconstructed(stating).all())


def timeline(row: pd.Series, areas: pd.DataFrame, placeholder: bool) -> pd.DataFrame:
    """The bars of the timeline: its own funding period, then each model area (programme area, deepening)."""
    evidence = row.get("evidence")
    rows = [{"label": "Förderzeitraum (Programmphase)", "phase": "Programmphase", "start": row["funding_start"],
             "end": row["funding_end"], "reconstructed": placeholder or _evidence_reconstructed(evidence)
             or (isinstance(row.get("source"), str) and "erschlossen" in row["source"])}]
    for area in areas.itertuples():
        own_phase = (area.start, area.end) == (row["funding_start"], row["funding_end"])
        phase = "Modellraum (zugleich Förderzeitraum)" if area.kind == "Vertiefung" and own_phase else (
            "Vertiefungsphase" if area.kind == "Vertiefung" else "Modellraum")
        rows.append({"label": area.model_area, "phase": phase,
                     "start": area.start, "end": area.end, "reconstructed": area.reconstructed})
    return pd.DataFrame(rows)


def indicators(ds, mid: str) -> pd.DataFrame:
    """Each structural indicator: met by this municipality (since when, reconstructed or not), and by how many
    of its cohort and of all municipalities."""
    book = ds.codebook
    seg = ds.document_segments
    own = seg[seg["municipality_id"] == mid]
    own_reconstructed = segment_reconstructed(own)
    guessed = reconstruction(ds)
    cohorts = ds.municipalities.set_index("municipality_id")["cohort"]
    cohort = set(cohorts[cohorts == cohorts.get(mid)].index)
    rows = []
    for name, only, area, place in INDICATORS:
        entries = book[book["indicator"] == name]
        if entries.empty:
            continue
        values = entries["value"].tolist() if only is None else [None]
        for value in values:
            label = entries.loc[entries["value"] == value, "label"] if value else entries["label"]
            everyone = structures.indicator(ds, name, value)
            having = municipalities_with(ds, name, value)
            hits = own["indicator"] == name
            if value is not None:
                hits &= own["value"] == value
            met = mid in having
            first = own.loc[hits, "document_date"].min() if met else None
            rows.append({"area": area, "place": place, "indicator": name, "value": value, "label": label.iloc[0],
                         "met": met, "reconstructed": bool(own_reconstructed[hits].all()) if met else guessed,
                         "first_documented": first,
                         "first_reconstructed": bool(own_reconstructed[hits & (own["document_date"] == first)].all())
                         if met else False,
                         "cohort_count": len(having & cohort), "cohort_n": len(cohort),
                         "cohort_share": len(having & cohort) / len(cohort) if cohort else float("nan"),
                         "count": everyone.numerator, "n": everyone.denominator, "share": everyone.share})
    return pd.DataFrame(rows)


def _offer_list(frame: pd.DataFrame, detail: str, placeholder: bool) -> pd.DataFrame:
    """Its offers by title and kind; reconstructed where the Belegstatus or the title says so."""
    evidence = frame["evidence"] if "evidence" in frame else pd.Series(None, index=frame.index, dtype="object")
    reconstructed = marked(frame["title"]) | evidence.map(_evidence_reconstructed).astype(bool) | placeholder
    table = pd.DataFrame({"title": frame["title"], "kind": frame["kind"],
                          "detail": frame[detail] if detail in frame else None, "reconstructed": reconstructed})
    return table.rename(columns={"detail": detail}).sort_values(["kind", "title"], kind="mergesort").reset_index(drop=True)


def activities(own: Dataset, placeholder: bool = False) -> pd.DataFrame:
    """The LKS activities addressed to this municipality by kind and year (to the date)."""
    acts = own.activities[own.activities["kind"].isin(OWN_ACTIVITIES)]
    acts = acts.assign(year=acts["date"].dt.year, reconstructed=marked(acts["title"]) | placeholder
                       if "title" in acts else placeholder)
    table = acts.groupby(["kind", "year"], sort=False).agg(count=("kind", "size"),
                                                             reconstructed=("reconstructed", "any")).reset_index()
    order = {k: i for i, k in enumerate(OWN_ACTIVITIES)}
    return table.sort_values(["kind", "year"], key=lambda c: c.map(order) if c.name == "kind" else c,
                             kind="mergesort").reset_index(drop=True)


def activity_list(own: Dataset, placeholder: bool = False) -> pd.DataFrame:
    """Talks and workshops of the LKS in this municipality, dated (few enough to list)."""
    acts = own.activities[own.activities["kind"].isin(LISTED_ACTIVITIES)].sort_values("date", kind="mergesort")
    title = acts["title"] if "title" in acts else pd.Series(None, index=acts.index, dtype="object")
    return pd.DataFrame({"date": acts["date"], "kind": acts["kind"],
                         "format": acts["format"] if "format" in acts else None, "title": title,
                         "reconstructed": marked(title) | placeholder}).reset_index(drop=True)


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


def _model_areas(ds, mid: str, placeholder: bool = False) -> pd.DataFrame:
    areas = ds.model_areas[ds.model_areas["municipality_id"] == mid]
    evidence = areas["evidence"] if "evidence" in areas else pd.Series(None, index=areas.index, dtype="object")
    areas = areas.assign(evidence=evidence, reconstructed=evidence.map(_evidence_reconstructed).astype(bool) | placeholder)
    return areas.sort_values(["start", "model_area"], kind="mergesort")[
        ["model_area", "kind", "start", "end", "evidence", "reconstructed"]].reset_index(drop=True)


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
