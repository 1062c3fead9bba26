"""Publishing a date (evaluation/run/publish.py) on synthetic versions, without notebooks: one switch, all or
nothing at every fault, a state check that repairs or refuses, the lock naming its holder, normal folder modes."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from evaluation import paths
from evaluation.errors import PublishedStateError
from evaluation.run import publish

DATE = "2022-03-31"


def _version(out, delivery: str):
    """A stage of this run holding a complete date made from `delivery` (its fingerprint in both records)."""
    stage = publish.new_stage(out, DATE)
    layout = paths.output_layout(stage, DATE)
    for folder in layout.values():
        folder.mkdir(parents=True)
    layout["processed"].joinpath("meta.json").write_text(json.dumps({"raw_files": {"a.csv": delivery}}))
    layout["reports"].joinpath("provenance.json").write_text(
        json.dumps({"raw_files": {"a.csv": {"sha256": delivery}}}))
    layout["figures"].joinpath("abb.svg").write_text(delivery)
    return stage


def _published(out) -> set[str]:
    """Which delivery each of the three published paths shows (one element: not mixed)."""
    final = paths.output_layout(out, DATE)
    return {json.loads((final["processed"] / "meta.json").read_text())["raw_files"]["a.csv"],
            json.loads((final["reports"] / "provenance.json").read_text())["raw_files"]["a.csv"]["sha256"],
            (final["figures"] / "abb.svg").read_text()}


def test_publish_is_one_switch_and_leaves_only_the_current_version(tmp_path):
    out = tmp_path / "out"
    with publish.locked(out, [DATE], "test"):
        publish.publish(_version(out, "alt"), out, DATE)
        assert _published(out) == {"alt"}
        publish.publish(_version(out, "neu"), out, DATE)
    assert _published(out) == {"neu"}
    left = sorted(p.name for p in publish.versions(out, DATE).iterdir())
    assert len(left) == 2 and "current" in left, left
    for final in paths.output_layout(out, DATE).values():
        assert final.is_symlink() and final.is_dir()


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4, 5, 6])
def test_a_fault_at_any_rename_leaves_the_old_or_the_new_state_whole(tmp_path, monkeypatch, fail_at):
    """A legacy state (three real folders of delivery „alt“) is replaced; the n-th os.replace raises (as a
    SIGKILL there would stop the run). Right after and after the next start's state check: never mixed."""
    out = tmp_path / "out"
    legacy = _version(tmp_path / "legacy", "alt")
    for key, final in paths.output_layout(out, DATE).items():
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(paths.output_layout(legacy, DATE)[key], final)
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == fail_at:
            raise OSError(errno.EIO, "simulierter Abbruch", str(dst))
        return real(src, dst)
    stage = _version(out, "neu")
    monkeypatch.setattr(publish.os, "replace", replace)
    try:
        publish.publish(stage, out, DATE)
    except OSError:
        pass
    monkeypatch.setattr(publish.os, "replace", real)
    assert len(_published(out)) == 1
    with publish.locked(out, [DATE], "test"):
        publish.check(out, DATE)
    assert len(_published(out)) == 1
    parents = [f.parent for f in paths.output_layout(out, DATE).values()]
    assert not [p for parent in parents for p in parent.iterdir() if p.name.startswith(".")], "Reste entfernt"


def test_killed_after_the_switch_is_completed_by_the_next_start(tmp_path, monkeypatch):
    out = tmp_path / "out"
    publish.publish(_version(out, "alt"), out, DATE)
    # a process killed right after the switch: the links are not yet (re)made, nothing is cleaned up
    monkeypatch.setattr(publish, "_link", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    stage = _version(out, "neu")
    with pytest.raises(KeyboardInterrupt):
        publish.publish(stage, out, DATE)
    monkeypatch.undo()
    assert _published(out) == {"alt"}, "the interrupted switch was undone"
    paths.output_layout(out, DATE)["reports"].unlink()  # a link lost with the kill
    with publish.locked(out, [DATE], "test"):
        publish.check(out, DATE)
    assert _published(out) == {"alt"}
    assert len(list(publish.versions(out, DATE).iterdir())) == 2, "the dead run's stage is removed"


def test_unwritable_reports_folder_changes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    legacy = _version(tmp_path / "legacy", "alt")
    for key, final in paths.output_layout(out, DATE).items():
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(paths.output_layout(legacy, DATE)[key], final)
    reports = out / "reports"
    real = os.access
    monkeypatch.setattr(publish.os, "access", lambda p, mode: False if str(p) == str(reports) else real(p, mode))
    with pytest.raises(PermissionError) as err:
        publish.publish(_version(out, "neu"), out, DATE)
    assert str(reports) in str(err.value)
    assert _published(out) == {"alt"}
    assert not paths.output_layout(out, DATE)["reports"].is_symlink()


def test_mixed_legacy_state_is_refused_in_german(tmp_path):
    out = tmp_path / "out"
    for key, delivery in (("processed", "neu"), ("figures", "alt"), ("reports", "alt")):
        source = paths.output_layout(_version(tmp_path / delivery, delivery), DATE)[key]
        target = paths.output_layout(out, DATE)[key]
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    (out / "reports" / f".{DATE}-old-x1y2").mkdir()
    with pytest.raises(PublishedStateError) as err:
        publish.check(out, DATE)
    message = str(err.value)
    assert "gemischt" in message and "verschiedenen Lieferungen" in message and "--force" in message
    assert not (out / "reports" / f".{DATE}-old-x1y2").exists(), "leftovers of the old renames are removed"
    publish.check(out, DATE, force=True)  # a forced run replaces all three


def test_second_holder_is_refused_naming_the_first(tmp_path, monkeypatch):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from evaluation.run import publish
        with publish.locked({str(out)!r}, [{DATE!r}], "Testlauf"):
            print("gesperrt", flush=True)
            time.sleep(60)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "gesperrt"
        monkeypatch.setenv("EVALUATION_LOCK_WAIT", "0.2")
        started = time.monotonic()
        with pytest.raises(publish.LockedError) as err:
            with publish.locked(out, [DATE], "zweiter"):
                pass
        assert time.monotonic() - started < 10
        message = str(err.value)
        assert f"Prozess {holder.pid}" in message and "Testlauf" in message and "31.03.2022" in message
    finally:
        holder.kill()
        holder.wait()
    with publish.locked(out, [DATE], "danach"):  # a killed holder's lock is free again
        pass


def test_folders_get_the_umask_mode(tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "out"
        stage = _version(out, "alt")
        publish.publish(stage, out, DATE)
        for final in paths.output_layout(out, DATE).values():
            assert oct(final.resolve().stat().st_mode & 0o777) == oct(0o755), final
        from evaluation.data.dataset import Dataset
        import pandas as pd
        target = Dataset({"t": pd.DataFrame({"a": [1]})}, {"reporting_date": DATE}).write(tmp_path / "p" / DATE)
        assert oct(target.stat().st_mode & 0o777) == oct(0o755)
    finally:
        os.umask(old)


def test_a_run_that_publishes_nothing_leaves_no_folder(tmp_path):
    """A refused or failed first run of a date (its stage removed) leaves neither `.versions/<date>` nor `.versions`."""
    out = tmp_path / "out"
    out.mkdir()
    with publish.locked(out, [DATE], "test"):
        stage = publish.new_stage(out, DATE)
        import shutil
        shutil.rmtree(stage)
    assert list(out.iterdir()) == []
