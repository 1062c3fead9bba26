"""The code system: code paths of the QDA exports → indicators.

Evaluators change the mapping in coding/codebook.csv, not in code. Paths arrive
with `\\` (MAXQDA), `>` or `::` (ATLAS.ti) between levels; all are read as one form.
"""
from __future__ import annotations

import re

import pandas as pd

from evaluation.errors import DataError

_SEPARATORS = re.compile(r"\s*(?:\\|>|::)\s*")


def normalise(path: str) -> str:
    """'Struktur > Gremien >ÖGD' → 'Struktur\\Gremien\\ÖGD'."""
    return "\\".join(part.strip() for part in _SEPARATORS.split(str(path).strip()) if part.strip())


class Codebook:
    def __init__(self, codebook: pd.DataFrame):
        self.table = codebook.assign(code=codebook["code"].map(normalise))
        self._by_code = self.table.set_index("code")

    def annotate(self, segments: pd.DataFrame, file: str) -> pd.DataFrame:
        """Add `indicator` and `value` to coded segments; unknown codes are refused."""
        segments = segments.copy()
        positions, spellings = pd.factorize(segments["code"], use_na_sentinel=False)  # each spelling once
        segments["code"] = pd.Series([normalise(s) for s in spellings], dtype=object).to_numpy()[positions]
        unknown = ~segments["code"].isin(self._by_code.index)
        if unknown.any():
            row = segments.index[unknown][0]
            raise DataError(file, "Code fehlt im Codesystem (coding/codebook.csv) – dort ergänzen "
                            "oder Schreibweise prüfen", row=row, column="Code",
                            value=segments.at[row, "code"], more=int(unknown.sum()) - 1)
        segments["indicator"] = segments["code"].map(self._by_code["indicator"])
        segments["value"] = segments["code"].map(self._by_code["value"])
        return segments
