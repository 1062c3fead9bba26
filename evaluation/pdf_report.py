"""reports/<date>/werkreport.pdf: werkreport.html printed to A4 by headless Chromium.

The page layout is the HTML's print stylesheet (html_report.CSS, `@media print`): „Seite n von m“ in
each page's footer (CSS page margin boxes), no figure split from its caption. Chromium stamps the
time of printing as CreationDate/ModDate; both are set to the reporting date in place (same length,
so the cross-reference offsets stay valid) — nothing else in the file varies between runs.
Without Chromium the run goes on: one German note says what is missing and how to install it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

FILE = "werkreport.pdf"
BROWSERS = ("chromium", "chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer")
TIMEOUT = 180  # seconds; printing the report takes a few


def browser() -> str | None:
    """The headless Chromium the run prints with, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def fixed_dates(data: bytes, reporting_date: str) -> bytes:
    """CreationDate and ModDate as the reporting date (the 14 digits only: the file keeps its length)."""
    stamp = reporting_date.replace("-", "").encode() + b"000000"
    return re.sub(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}", lambda m: m[1] + stamp, data)


def render(page: Path, target: Path, reporting_date: str, chromium: str) -> None:
    """Print `page` to `target` with `chromium` (raises on failure)."""
    with tempfile.TemporaryDirectory(prefix="werkreport-pdf-") as profile:
        scratch = Path(profile) / FILE
        env = {**os.environ, "TZ": "UTC"}  # the time-zone part of the stamps keeps its length
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={scratch}",
                        Path(page).resolve().as_uri()],
                       capture_output=True, timeout=TIMEOUT, check=True, env=env)
        data = scratch.read_bytes() if scratch.exists() else b""
    if not data.startswith(b"%PDF"):
        raise RuntimeError("Chromium hat keine PDF-Datei geschrieben")
    Path(target).write_bytes(fixed_dates(data, reporting_date))


def build(page: Path, reporting_date: str, echo: Callable[[str], None] = print) -> Path | None:
    """werkreport.pdf beside werkreport.html; without a working Chromium a note instead, and None."""
    target = Path(page).with_name(FILE)
    chromium = browser()
    if chromium is None:
        echo(f"Hinweis: {FILE} wurde nicht erstellt – Chromium fehlt (gesucht: {', '.join(BROWSERS)}). "
             "Installieren mit `make browser` (Debian/Ubuntu: apt-get install chromium); "
             "alle anderen Ergebnisse einschließlich werkreport.html sind geschrieben.")
        return None
    try:
        render(page, target, reporting_date, chromium)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        reason = detail.decode("utf-8", "replace").strip().splitlines()[-1:] or [str(exc)]
        echo(f"Hinweis: {FILE} wurde nicht erstellt – {chromium} konnte den Bericht nicht drucken "
             f"({reason[0]}); alle anderen Ergebnisse einschließlich werkreport.html sind geschrieben.")
        return None
    return target
