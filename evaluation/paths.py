"""Where things live: resolved from the project root, never from the current directory.

JupyterLab and nbval run notebooks in `notebooks/`, papermill in the caller's folder;
resolving from the root makes all three agree. The published outputs of a date
(data/processed/<date>, figures/<date>, reports/<date> of the project) are written by the
pipeline alone (run/publish.py); everything else writes to a scratch folder or its own output folder outside
the project.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from evaluation.errors import PublishedStateError

PACKAGE_DIR = Path(__file__).resolve().parent
METADATA_DIR = PACKAGE_DIR / "metadata"
PUBLISHED = (("data", "processed"), ("figures",), ("reports",))
# An empty file in a run's version folder while the run builds it (run/publish.py): the one place inside the
# project where a notebook launched by `run` may write.
STAGE_MARK = ".lauf"


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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def dir_mode() -> int:
    """The mode a plain mkdir gives (0755 under the usual umask 022) – colleagues sharing the folder can read."""
    return 0o777 & ~_umask()


def make_dirs(folder: Path) -> Path:
    """mkdir -p with the umask's normal mode."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder)


def normal_mode(folder: Path) -> Path:
    """Give a folder made by tempfile.mkdtemp (always 0700) the mode of its siblings made by mkdir."""
    os.chmod(folder, dir_mode())
    return Path(folder)


def published_folders() -> list[Path]:
    root = project_root()
    return [root.joinpath(*parts) for parts in PUBLISHED]


def in_stage(target: Path) -> bool:
    """Whether `target` lies in the version folder a run is building (marked by STAGE_MARK)."""
    return any((folder / STAGE_MARK).is_file() for folder in (target, *target.parents))


def refuse_published(folder: Path) -> Path:
    """`folder`, unless it lies in the project: its published outputs only `run` writes (by publishing a
    version), and notebooks/, data/raw/ and the rest of the repository are not for outputs at all. The one
    exception is the version folder a run is building (a notebook launched by `run` writes there)."""
    target = Path(folder).resolve()
    root = project_root().resolve()
    if in_stage(target):
        return target
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
    if root in target.parents:
        raise PublishedStateError(
            f"{target} liegt im Projektordner {root} (Repository: Notebooks, Rohdaten, Code). Ein Notebook schreibt "
            "dort nichts hin – output_dir bzw. processed_dir auf einen Arbeitsordner außerhalb des Projekts setzen "
            "oder den Standard (None: Arbeitsordner, $EVALUATION_SCRATCH) lassen.")
    return target


def notebook_outputs(reporting_date: str, output_dir: str | Path | None = None) -> dict[str, Path]:
    """Where a notebook writes (figures, tables): its `output_dir` or the scratch folder, never a published date."""
    root = refuse_published(Path(output_dir) if output_dir else scratch_dir())
    return output_layout(root, reporting_date)
