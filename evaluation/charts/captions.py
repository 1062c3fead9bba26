"""The caption of each figure and table as the report prints it ("Abb. 6: … n = 22").

Captions are text beside the picture, not drawn into it: the report refers to them, Word and PDF
list them, and a screen reader reads them. The wording is data (metadata/captions.csv).
"""
from __future__ import annotations

from evaluation import formatting as fmt, metadata_files


def caption(key: str, **values) -> str:
    """The caption of `key` ('abb_06', 'tab_01', …) with its placeholders filled; numbers in German."""
    table = metadata_files.read("captions.csv").set_index("Schlüssel")
    if key not in table.index:
        raise KeyError(f"Keine Beschriftung für {key!r} in evaluation/metadata/captions.csv")
    shown = {k: fmt.number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
             for k, v in values.items()}
    return table.at[key, "Beschriftung"].format(**shown)


def stem(key: str) -> str:
    """The file stem of `key`'s figure: figures/<date>/<stem>.png/.svg (and .csv for tables)."""
    return metadata_files.read("captions.csv").set_index("Schlüssel").at[key, "Datei"]
