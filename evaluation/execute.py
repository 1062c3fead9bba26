"""Running the chapter notebooks for a reporting date with papermill.

Everything is produced in a staging folder under the output root and moved into
`data/processed/<date>`, `figures/<date>`, `reports/<date>` only when the whole run
succeeded; on any failure nothing of the run remains.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from . import clean, paths, reporting_date as rd
from .dataset import replace_dir
from .errors import NotebookError

KERNEL = "praeventionsketten"

# Execution order; the later chapters read what 00 prepared.
NOTEBOOKS = [
    "00_datenaufbereitung.ipynb",
    "10_inanspruchnahme.ipynb",
    "20_strukturen.ipynb",
    "21_angebote.ipynb",
    "30_prozessbegleitung.ipynb",
    "40_nachhaltigkeit.ipynb",
    "50_fazit.ipynb",
]


def kernel_name() -> str:
    """The project's kernel if registered (make setup does), else the environment's python3."""
    from jupyter_client.kernelspec import KernelSpecManager
    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else "python3"


def execute_notebook(name: str, output: Path, parameters: dict, progress_bar: bool = False) -> None:
    import papermill as pm
    try:
        pm.execute_notebook(str(paths.notebooks_dir() / name), str(output), parameters=parameters,
                            kernel_name=kernel_name(), cwd=str(paths.notebooks_dir()),
                            progress_bar=progress_bar, log_output=False)
    except pm.PapermillExecutionError as exc:
        raise NotebookError(f"Notebook {name}, Zelle {exc.exec_count}: {exc.ename}: {exc.evalue}") from None


def run(reporting_date: str, raw_dir: Path | None = None, output_dir: Path | None = None,
        echo: Callable[[str], None] = print, notebooks: list[str] | None = None) -> dict[str, Path]:
    """Clean the raw data and execute the notebooks for one date; returns the output folders."""
    date = rd.parse(reporting_date)
    raw = Path(raw_dir).resolve() if raw_dir else paths.raw_dir()
    out = Path(output_dir).resolve() if output_dir else paths.project_root()
    notebooks = notebooks or NOTEBOOKS
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".lauf-{date}-", dir=out))
    try:
        staged = paths.output_layout(stage, date)
        started = time.perf_counter()
        echo(f"Stichtag {rd.german(date)}: Rohdaten prüfen und aufbereiten ({raw})")
        dataset = clean.build(raw, date, progress=lambda msg: echo(f"  … {msg}"))
        dataset.write(staged["processed"])
        echo(f"  Daten aufbereitet ({time.perf_counter() - started:.1f} s)")
        staged["figures"].mkdir(parents=True, exist_ok=True)
        staged["reports"].mkdir(parents=True, exist_ok=True)
        parameters = {"reporting_date": date, "raw_dir": str(raw),
                      "processed_dir": str(staged["processed"].parent),
                      "figures_dir": str(staged["figures"].parent),
                      "reports_dir": str(staged["reports"].parent)}
        for i, name in enumerate(notebooks, 1):
            t0 = time.perf_counter()
            echo(f"[{i}/{len(notebooks)}] {name} …")
            execute_notebook(name, staged["reports"] / name, parameters,
                             progress_bar=sys.stderr.isatty())
            echo(f"[{i}/{len(notebooks)}] {name} fertig ({time.perf_counter() - t0:.1f} s)")
        if (staged["reports"] / "findings.csv").is_file():
            from .report import summary
            echo(summary(staged["reports"]))
        final = paths.output_layout(out, date)
        for key in ("processed", "figures", "reports"):
            replace_dir(staged[key], final[key])
        echo(f"Fertig in {time.perf_counter() - started:.1f} s: {final['reports']}")
        return final
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def refresh_committed(echo: Callable[[str], None] = print) -> None:
    """Re-execute the committed notebooks in place for the default date (outputs for nbval)."""
    import nbformat
    from nbclient import NotebookClient
    for name in NOTEBOOKS:
        path = paths.notebooks_dir() / name
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name=kernel_name(), record_timing=False,
                       resources={"metadata": {"path": str(paths.notebooks_dir())}}).execute()
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nb.metadata.pop("papermill", None)
        nbformat.write(nb, path)
        echo(f"{name} neu ausgeführt")
