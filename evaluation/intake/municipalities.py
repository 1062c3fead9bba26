"""Municipality name harmonisation: every spelling an evaluator meets → one id.

The id is the AGS where the official register has one, else the programme's own key.
Spellings are generated from each municipality's type ("LK Peine", "Landkreis Peine",
"Peine, Landkreis" …) and completed by the alias table in metadata/, which evaluators
extend as data, not code. A spelling that fits two municipalities is refused, never guessed.
"""
from __future__ import annotations

import difflib
import re

import pandas as pd

from evaluation import metadata_files

_PREFIXES = {
    "Landkreis": ["landkreis", "lk", "lkr", "kreis"],
    "kreisfreie Stadt": ["stadt", "kreisfreie stadt"],
    "Region": ["region"],
    "Stadt": ["stadt", "hansestadt"],
    "Samtgemeinde": ["samtgemeinde", "sg"],
}
_STRIP = re.compile(r"^(landkreis|lk\.?|lkr\.?|kreis|kreisfreie stadt|hansestadt|stadt|region|samtgemeinde|sg\.?)\s+")
_SUFFIX = re.compile(r",\s*(landkreis|stadt|hansestadt|region|samtgemeinde)$")


_DASH = re.compile(r"\s*-\s*")
_ABBREVIATION = re.compile(r"\b(lk|lkr|sg)\.")


def key(name: str) -> str:
    """Comparable form: case-folded, blanks collapsed, dashes and dots unified (a pattern is only tried on a
    name that holds its character: the master data's spellings number in the hundreds of thousands at scale)."""
    text = str(name).casefold().replace("–", "-").replace("—", "-").replace("\u00a0", " ")
    if "-" in text:
        text = _DASH.sub("-", text)
    if "." in text:
        text = _ABBREVIATION.sub(r"\1", text)
    return " ".join(text.split())


def base_name(name: str) -> str:
    """'Landkreis Peine' → 'peine', 'Stadt Oldenburg (Oldb)' → 'oldenburg (oldb)'."""
    text = _SUFFIX.sub("", key(name))
    return _STRIP.sub("", text)


class MunicipalityNames:
    """Resolve spellings of the programme's municipalities to their ids."""

    def __init__(self, municipalities: pd.DataFrame, aliases: pd.DataFrame | None = None):
        self._ids: dict[str, set[str]] = {}
        self.display = dict(zip(municipalities["municipality_id"], municipalities["name"]))
        # Known, but never resolved: joining a pseudonym to its municipality would pin a quote on a real town
        self._pseudonyms = {key(p) for p in municipalities.get("pseudonym", pd.Series(dtype=object)).dropna()}
        for row in municipalities[["municipality_id", "name", "programme_key", "ags", "type"]].itertuples(index=False):
            for spelling in self._spellings(row):
                self._ids.setdefault(key(spelling), set()).add(row.municipality_id)
        if aliases is None:
            aliases = metadata_files.read("municipality_aliases.csv")
        by_name = {key(n): i for i, n in self.display.items()}
        for spelling, target in by_name.items():
            self._ids[spelling] = {target}  # the master data's own name is never ambiguous
        for spelling, canonical in zip(aliases["Schreibweise"], aliases["Kommune"]):
            target = by_name.get(key(canonical))
            if target is not None:
                self._ids[key(spelling)] = {target}

    @staticmethod
    def _spellings(row) -> list[str]:
        base = base_name(row.name)
        bare = re.sub(r"\s*\(.*\)$", "", base)
        out = [row.name, row.programme_key, base, bare]
        if isinstance(row.ags, str):
            out.append(row.ags)
        for stem in {base, bare}:
            for prefix in _PREFIXES.get(row.type, []):
                out += [f"{prefix} {stem}", f"{stem}, {prefix}", f"{stem} ({prefix})"]
        return out

    def is_pseudonym(self, spelling: str) -> bool:
        """A pseudonym of the master data („Kommune A“): records under it stay without a municipality."""
        return key(spelling) in self._pseudonyms

    def resolve(self, spelling: str) -> str | None:
        """The id, or None when unknown; raises LookupError with a German text when ambiguous."""
        ids = self._ids.get(key(spelling))
        if not ids:
            return None
        if len(ids) > 1:
            names = " oder ".join(f"„{self.display[i]}“" for i in sorted(ids))
            raise LookupError(f"Kommune mehrdeutig: {names} – bitte eindeutig schreiben (z. B. „Landkreis …“ oder „Stadt …“)")
        return next(iter(ids))

    def suggestion(self, spelling: str) -> str:
        """' – gemeint „Landkreis Peine“?' for a near miss, else ''."""
        by_key = {key(n): n for n in self.display.values()}
        close = difflib.get_close_matches(key(spelling), list(by_key), n=1, cutoff=0.6)
        return f" – gemeint „{by_key[close[0]]}“?" if close else ""


ORDERINGS = {"programme_key": "Kennung", "name": "Name", "ags": "AGS"}
ORDER_LIMIT = 0.8
"""|Spearman ρ| from which a pseudonym's letter is guessable from the municipality's place in an ordering (22
random letters give |ρ| ≥ 0.8 with a chance far below one in a thousand)."""


def pseudonym_orderings(municipalities: pd.DataFrame) -> list[str]:
    """The orderings (Kennung, Name, AGS) the pseudonyms follow, if any: then they are derivable, not random."""
    if "pseudonym" not in municipalities:
        return []
    table = municipalities[municipalities["pseudonym"].notna()]
    letters = table["pseudonym"].astype(str).rank()
    found = []
    for column, label in ORDERINGS.items():
        known = table[column].notna()
        if known.sum() >= 3:
            order = table.loc[known, column].astype(str).map(key).rank()
            # Spearman's ρ is Pearson's r of the ranks: computed so, a build need not load scipy for it
            if abs(letters[known].rank().corr(order)) >= ORDER_LIMIT:
                found.append(label)
    return found
