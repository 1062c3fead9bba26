"""Cost of werkreport.docx and werkreport.pdf per reporting date (not a test): python benchmarks/bench_word_pdf.py

What `run` adds to each date after werkreport.html, timed in one process on the outputs of a finished run:
word.build (python-docx, in process) and pdf.build (headless Chromium, a child process — its CPU is read
from the children's rusage). Each step `repeats` times, interleaved, the median reported, wall and CPU.
`measure(folders)` returns the dict the lead adds to results.json; the HTML step is timed alongside as the
yardstick.
"""
from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(folders: dict[str, Path], repeats: int = 5) -> dict:
    """Median wall and CPU seconds of the HTML, Word and PDF steps of one date (folders as `run` returns them)."""
    from evaluation import html_report, load
    from evaluation import pdf_report as pdf, word_report as word
    ds = load(folders["processed"].name, processed_dir=folders["processed"].parent)
    chromium = pdf.browser()
    steps = {"html": lambda out: html_report.build(ds, folders["figures"], out),
             "word": lambda out: word.build(ds, folders["figures"], out)}
    if chromium:
        steps["pdf"] = lambda out: pdf.render(folders["reports"] / "werkreport.html", out / pdf.FILE,
                                              ds.reporting_date, chromium)
    for step in steps.values():  # warm: imports, the dataset's findings
        step(Path(tempfile.mkdtemp(prefix="bench-word-pdf-")))
    times = {name: {"wall": [], "cpu": []} for name in steps}
    for _ in range(repeats):
        for name, step in steps.items():
            out = Path(tempfile.mkdtemp(prefix="bench-word-pdf-"))
            wall, cpu = time.perf_counter(), _cpu()
            step(out)
            times[name]["wall"].append(time.perf_counter() - wall)
            times[name]["cpu"].append(_cpu() - cpu)
    result = {f"{name}_{kind}_s": round(statistics.median(values), 3)
              for name, kinds in times.items() for kind, values in kinds.items()}
    result["repeats"] = repeats
    result["chromium"] = bool(chromium)
    return result


def main() -> None:
    from evaluation.run import pipeline
    from evaluation.reporting_date import DEFAULT
    out = Path(tempfile.mkdtemp(prefix="bench-word-pdf-run-"))
    folders = pipeline.run(DEFAULT, output_dir=out, echo=lambda m: None, jobs=2)[DEFAULT]
    print(json.dumps({"word_pdf_per_date": measure(folders)}, indent=2))


if __name__ == "__main__":
    main()
