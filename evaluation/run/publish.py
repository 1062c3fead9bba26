"""Publishing a date: one atomic switch, a lock per output root and date, and a state check at every start.

A run builds a complete version of a date in its own folder `<out>/.versions/<date>/<id>/` (the same layout
as the output root: data/processed/<date>, figures/<date>, reports/<date>). Publishing is one `os.replace` of
the symlink `<out>/.versions/<date>/current` onto that version: before it readers see the old version whole,
after it the new one whole, never a mix. The three published paths the client knows – data/processed/<date>,
figures/<date>, reports/<date> – are fixed relative symlinks through `current`; they are made once and never
change with a version (Linux and macOS; everything that reads them follows symlinks).

Only the holder of the date's lock (`filelock`, `<out>/.versions/<date>.lock`, who holds it in `….lock.info`)
creates, switches or removes versions of that date, so a second run of the same date waits a short time and
then refuses naming the holder, and never deletes another run's stage. Under the lock, `check` repairs what an
interrupted run left: missing or legacy published paths are linked to `current`, stages of dead runs and the
`.<date>-old-…` folders of the old three-rename publishing are removed; a legacy (pre-version) state whose
three folders come from different deliveries is refused.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import socket
import time
from pathlib import Path

from evaluation import paths, reporting_date as rd
from evaluation.errors import EvaluationError, PublishedStateError
from evaluation.formatting import number

VERSIONS = ".versions"
CURRENT = "current"
STAGE_MARK = paths.STAGE_MARK
KEYS = ("processed", "figures", "reports")


class LockedError(EvaluationError):
    """Another run holds the lock of a date under this output root."""


SLOTS = ("v1", "v2")   # the version folders of a date take turns (new_stage)


def versions(out: Path, date: str) -> Path:
    return Path(out) / VERSIONS / date


def lock_wait() -> float:
    """Seconds a run waits for another run's lock of the same date ($EVALUATION_LOCK_WAIT, default 10)."""
    try:
        return max(0.0, float(os.environ.get("EVALUATION_LOCK_WAIT", "10")))
    except ValueError:
        return 10.0


@contextlib.contextmanager
def locked(out: Path, dates: list[str], purpose: str):
    """Hold the lock of every date (in sorted order: two runs of overlapping dates cannot deadlock)."""
    with contextlib.ExitStack() as stack:
        for date in sorted(dates):
            stack.enter_context(_lock(Path(out), date, purpose))
        yield


@contextlib.contextmanager
def _lock(out: Path, date: str, purpose: str):
    from filelock import FileLock, Timeout
    root = versions(out, date).parent
    paths.make_dirs(root)
    lock_file, info = root / f"{date}.lock", root / f"{date}.lock.info"
    lock = FileLock(str(lock_file))
    try:
        lock.acquire(timeout=lock_wait())
    except Timeout:
        raise LockedError(f"Der Stichtag {rd.german(date)} unter {out} wird gerade von einem anderen Lauf "
                          f"geschrieben ({_holder(info)}); nach {number(lock_wait(), 0)} s Warten abgebrochen, "
                          "es wurde nichts geschrieben. Nach dessen Ende erneut starten. Sperrdatei: "
                          f"{lock_file}") from None
    try:
        info.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "purpose": purpose,
                                    "started": time.strftime("%Y-%m-%d %H:%M:%S %Z")}, ensure_ascii=False),
                        encoding="utf-8")
        yield
    finally:
        # Removed while still held: nothing of a run that published nothing stays behind, and filelock sees a
        # waiting peer's file unlinked and takes a fresh one.
        with contextlib.suppress(OSError):
            info.unlink()
            lock_file.unlink()
        lock.release()
        for folder in (versions(out, date), root):  # each only when empty: no version of the date, of any date
            with contextlib.suppress(OSError):
                folder.rmdir()


def _holder(info: Path) -> str:
    try:
        held = json.loads(info.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "Inhaber unbekannt"
    return (f"{held.get('purpose', 'Lauf')}, Prozess {held.get('pid')} auf {held.get('host')}, "
            f"gestartet {held.get('started')}")


def new_stage(out: Path, date: str) -> Path:
    """The version folder of this run, marked as a run's stage; caller holds the lock.

    Two slots that take turns, not a name per run: the published paths behind the links are then the same in
    every output root (`.versions/<date>/v1/…`), so two runs on the same data give byte-identical trees. The
    slot not published may only hold a dead run's stage (the lock excludes a live one): it is cleared."""
    root = versions(out, date)
    live = current(out, date)
    name = next(slot for slot in SLOTS if live is None or (root / slot).resolve() != live)
    stage = root / name
    if stage.is_symlink() or stage.is_file():
        stage.unlink()
    elif stage.exists():
        shutil.rmtree(stage)
    paths.make_dirs(stage)
    (stage / STAGE_MARK).write_text("", encoding="utf-8")
    return stage


def current(out: Path, date: str) -> Path | None:
    """The published version folder of the date, or None."""
    link = versions(out, date) / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def publish(stage: Path, out: Path, date: str) -> dict[str, Path]:
    """Make `stage` the published version: one atomic switch of `current`, then links and leftovers.

    The published paths are checked for writability before the switch; should linking them still fail (only on
    a first publishing or a legacy state, later they stay as they are), the switch is undone and the legacy
    folders are put back: the previous state, whole.
    """
    root = versions(out, date)
    for final in paths.output_layout(out, date).values():
        if not _linked(out, date, final):
            paths.make_dirs(final.parent)
            if not os.access(final.parent, os.W_OK | os.X_OK):
                raise PermissionError(errno.EACCES, "keine Schreibberechtigung", str(final.parent))
    link = root / CURRENT
    previous = os.readlink(link) if link.is_symlink() else None
    (stage / STAGE_MARK).unlink(missing_ok=True)
    _point(link, stage.name)  # the one switch
    moved: list[tuple[Path, Path]] = []
    try:
        _link(out, date, moved)
    except BaseException:
        for final, aside in reversed(moved):
            if final.is_symlink():
                final.unlink()
            if aside is not None:
                os.replace(aside, final)
        if previous is None:
            link.unlink(missing_ok=True)
        else:
            _point(link, previous)
        (stage / STAGE_MARK).write_text("", encoding="utf-8")
        raise
    _remove_others(out, date)
    return paths.output_layout(out, date)


def _point(link: Path, target: str) -> None:
    """Point the symlink `link` at `target` atomically (a new link renamed over the old one)."""
    temporary = link.parent / f".{link.name}-{secrets.token_hex(4)}"
    os.symlink(target, temporary)
    try:
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _wanted(out: Path, date: str, final: Path) -> str:
    key = next(k for k, v in paths.output_layout(out, date).items() if v == final)
    return os.path.relpath(paths.output_layout(versions(out, date) / CURRENT, date)[key], final.parent)


def _linked(out: Path, date: str, final: Path) -> bool:
    return final.is_symlink() and os.readlink(final) == _wanted(out, date, final)


def _link(out: Path, date: str, moved: list | None = None) -> None:
    """Each published path a relative symlink through `current`; a legacy real folder is moved aside first."""
    root = versions(out, date)
    moved = [] if moved is None else moved
    for key, final in paths.output_layout(out, date).items():
        if _linked(out, date, final):
            continue
        paths.make_dirs(final.parent)
        if final.exists() and not final.is_symlink():
            aside = root / f".alt-{key}-{secrets.token_hex(3)}"
            os.replace(final, aside)
            moved.append((final, aside))
        else:
            moved.append((final, None))
        _point(final, _wanted(out, date, final))


def _remove_others(out: Path, date: str) -> None:
    """Every version but `current` (stages of dead runs, replaced versions) and moved-aside legacy folders."""
    root = versions(out, date)
    keep = current(out, date)
    for entry in root.iterdir() if root.is_dir() else []:
        if entry.name == CURRENT or (keep is not None and entry.resolve() == keep):
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink(missing_ok=True)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _leftovers(out: Path, date: str) -> None:
    """What an interrupted publishing left beside the published paths (`.<date>-old-…` of the three renames
    before versions, `.<date>-…` temporary links) and the fixed stages of old runs."""
    for final in paths.output_layout(out, date).values():
        for old in final.parent.glob(f".{date}-*") if final.parent.is_dir() else []:
            if old.is_symlink() or old.is_file():
                old.unlink(missing_ok=True)
            else:
                shutil.rmtree(old, ignore_errors=True)
    for fixed in (f".lauf-{date}", f".steckbriefe-{date}"):
        shutil.rmtree(Path(out) / fixed, ignore_errors=True)


def check(out: Path, date: str, force: bool = False) -> None:
    """The state check at every start (caller holds the lock): repair what can be repaired, refuse a mix.

    With a published version the three paths are (re)linked to it and everything else of the date removed. A
    legacy state (three real folders) is left as it is when its folders agree, and refused when they come from
    different deliveries or one is missing – unless `force`: then the run replaces all three anyway.
    """
    _leftovers(out, date)
    if current(out, date) is not None:
        _link(out, date)
        _remove_others(out, date)
        return
    _remove_others(out, date)
    problem = mixed(paths.output_layout(out, date))
    if problem and not force:
        raise PublishedStateError(
            f"Der veröffentlichte Stand zum Stichtag {rd.german(date)} unter {out} ist gemischt: {problem}. "
            "Er wird nicht weiterverwendet. Den ganzen Stichtag neu rechnen: python -m evaluation run "
            f"--reporting-date {date}" + (f" --output-dir {out}" if Path(out) != paths.project_root() else "")
            + " --force")


def mixed(final: dict[str, Path]) -> str | None:
    """Why the three published folders of a date do not belong together (German), or None."""
    present = {key: final[key].is_dir() for key in KEYS}
    if not any(present.values()):
        return None
    if not all(present.values()):
        missing = ", ".join(str(final[k]) for k in KEYS if not present[k])
        return f"es fehlt {missing}"
    data, record = raw_files(final["processed"] / "meta.json"), raw_files(final["reports"] / "provenance.json")
    if data is None or record is None:
        return f"{final['processed'] / 'meta.json'} oder {final['reports'] / 'provenance.json'} fehlt oder ist unlesbar"
    if data != record:
        differ = sorted(f for f in set(data) | set(record) if data.get(f) != record.get(f))
        return (f"{final['processed']} und {final['reports']} stammen aus verschiedenen Lieferungen "
                f"(abweichend: {', '.join(differ[:5])}{' …' if len(differ) > 5 else ''})")
    return None


def raw_files(path: Path) -> dict[str, str] | None:
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["raw_files"]
    except (OSError, ValueError, KeyError):
        return None
    return {f: v["sha256"] if isinstance(v, dict) else v for f, v in files.items()}
