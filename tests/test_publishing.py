"""Published states: a re-run on unchanged data reproduces the same bytes; other raw data is refused
unless --force; several dates give reports/comparison/."""
from __future__ import annotations

import hashlib

import pandas as pd

from conftest import edit_xlsx
from evaluation.data import clean
from evaluation.intake import manifest
from evaluation import paths
from evaluation.cli import main
from evaluation.run import publish


def _hashes(out):
    """Every file a reader finds under the published paths of the date (through the links), and what else lies
    under the output root besides the published version: nothing."""
    found = {}
    for folder in paths.output_layout(out, "2022-03-31").values():
        found.update({p.relative_to(out): hashlib.sha256(p.read_bytes()).hexdigest()
                      for p in sorted(folder.rglob("*")) if p.is_file()})
    version = publish.current(out, "2022-03-31")
    assert [p for p in out.rglob("*") if p.is_file() and version not in p.parents] == []
    return found


def test_rerun_same_bytes_and_guard(tmp_path, raw_copy, capsys):
    out = tmp_path / "out"
    args = ["run", "--reporting-date", "2022-03-31", "--raw-dir", str(raw_copy), "--output-dir", str(out)]
    assert main(args) == 0
    first = _hashes(out)
    assert main(args) == 0
    assert _hashes(out) == first
    edit_xlsx(raw_copy, "coding/document_analysis.xlsx", 2, "Segment", "[rekonstruiert] nachgeliefert")
    (raw_copy / "MANIFEST.csv").write_text(manifest.render(raw_copy, clean.count_records(raw_copy)), encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 2
    assert "--force" in capsys.readouterr().err
    assert _hashes(out) == first, "refused run must not touch the published state"
    assert main(args + ["--force"]) == 0
    assert _hashes(out) != first


def test_several_dates_give_a_comparison(tmp_path, raw_copy):
    out = tmp_path / "out"
    assert main(["run", "--reporting-date", "2021Q4..2022Q1", "--raw-dir", str(raw_copy),
                 "--output-dir", str(out)]) == 0
    folder = out / "reports" / "comparison"
    table = pd.read_csv(folder / "comparison.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert list(table.columns) == ["Kennzahl", "Fundstelle", "31.12.2021", "31.03.2022"]
    assert (folder / "kennzahlen_verlauf.svg").is_file() and (folder / "kennzahlen_verlauf.png").is_file()
    assert folder.stat().st_mode & 0o777 == paths.dir_mode(), "readable for colleagues like its siblings"
    from evaluation import formatting as fmt
    from evaluation.publication import comparison
    fig = comparison.chart(["2021-12-31", "2022-03-31"], out)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == [fmt.date("2021-12-31"), fmt.date("2022-03-31")], "Stichtage, nicht Monate, an der Achse"
