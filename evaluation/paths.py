"""Where things live: resolved from the project root, never from the current directory.

JupyterLab and nbval run notebooks in `notebooks/`, papermill in the caller's folder;
resolving from the root makes all three agree. The published outputs of a date
(data/processed/<date>, figures/<date>, reports/<date> of the project) are written by the
pipeline alone; everything else writes to a scratch folder or its own output folder.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from evaluation.errors import PublishedStateError

PACKAGE_DIR = Path(__file__).resolve().parent
METADATA_DIR = PACKAGE_DIR / "metadata"
PUBLISHED = (("data", "processed"), ("figures",), ("reports",))


def project_root() -> Path:
    """The folder holding `data/raw/`: $EVALUATION_ROOT, the package's parent, or a parent of cwd."""
    env = os.environ.get("EVALUATION_ROOT")
    if env:
        return Path(env).resolve()
    for candidate in (PACKAGE_DIR.parent, *Path.cwd().resolve().parents, Path.cwd().resolve()):
        if (candidate / "data" / "raw").is_dir() and (candidate / "notebooks").is_dir():
            return candidate
    return PACKAGE_DIR.parent


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def scratch_dir() -> Path:
    """Working folder for notebooks run outside the pipeline: $EVALUATION_SCRATCH or one per user in the temp folder."""
    env = os.environ.get("EVALUATION_SCRATCH")
    if env:
        return Path(env).resolve()
    user = os.environ.get("USER") or str(os.getuid() if hasattr(os, "getuid") else "nutzer")
    return Path(tempfile.gettempdir()).resolve() / f"praeventionsketten-{user}"


def output_layout(output_dir: Path, reporting_date: str) -> dict[str, Path]:
    """The three per-date output folders under an output root (default: the project root)."""
    return {
        "processed": Path(output_dir) / "data" / "processed" / reporting_date,
        "figures": Path(output_dir) / "figures" / reporting_date,
        "reports": Path(output_dir) / "reports" / reporting_date,
    }


def published_folders() -> list[Path]:
    root = project_root()
    return [root.joinpath(*parts) for parts in PUBLISHED]


def refuse_published(folder: Path) -> Path:
    """`folder`, unless it lies in the project's published outputs: those only `run` writes (by promotion)."""
    target = Path(folder).resolve()
    for published in published_folders():
        if target == published.resolve() or published.resolve() in target.parents:
            raise PublishedStateError(
                f"{target} gehört zu den veröffentlichten Ergebnissen des Projekts. Diese schreibt nur "
                "„python -m evaluation run“; ein Notebook schreibt in einen Arbeitsordner (Parameter output_dir, "
                "Standard: Arbeitsordner außerhalb des Projekts).")
    if target == project_root().resolve():
        raise PublishedStateError(
            f"{target} ist der Projektordner: seine Ergebnisordner schreibt nur „python -m evaluation run“. "
            "Für ein Notebook einen anderen output_dir wählen oder den Standard (None) lassen.")
    return target


def notebook_outputs(reporting_date: str, output_dir: str | Path | None = None) -> dict[str, Path]:
    """Where a notebook writes (figures, tables): its `output_dir` or the scratch folder, never a published date."""
    root = refuse_published(Path(output_dir) if output_dir else scratch_dir())
    return output_layout(root, reporting_date)
