"""werkreport.html as a person sees it: opened in headless Chromium, every image loaded, every figure there."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile

import pytest

from conftest import RAW, ROOT
from evaluation import clean, html_report, load, report
from evaluation.charts import CHARTS, draw_all

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    base = tmp_path_factory.mktemp("html")
    date = "2022-03-31"
    clean.build(RAW, date).write(base / "processed" / date)
    ds = load(date, raw_dir=RAW, processed_dir=base / "processed")
    figures, reports = base / "figures", base / "reports"
    draw_all(ds, figures)
    report.write_findings(ds, reports)
    return html_report.build(ds, figures, reports)


def test_report_is_self_contained_and_complete(page):
    text = page.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="https?://', text), "no network resources"
    for key in CHARTS:
        kind, number = key.split("_")
        assert f'alt="{"Abb." if kind == "abb" else "Tabelle"} {int(number)}"' in text, key
    for part in ("Rekonstruierte Daten", "Konsistenzprüfung", "Datenherkunft", "Wilson", "Leitfadeninterview"):
        assert part in text


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium fehlt (make test installiert Debians chromium, wenn möglich)")
def test_report_in_headless_chromium(page):
    profile = tempfile.mkdtemp(prefix="chromium-")
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    loaded = re.search(r'data-images="(\d+)/(\d+)"', dom)
    assert loaded, "page script did not run"
    assert loaded[1] == loaded[2] == str(len(CHARTS)), f"images loaded: {loaded[1]} of {loaded[2]}"
    shot_dir = ROOT / "reports" / "2022-03-31"
    shot_dir.mkdir(parents=True, exist_ok=True)
    shot = shot_dir / "werkreport_bildschirmfoto.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}",
                    "--window-size=1200,3000", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000
