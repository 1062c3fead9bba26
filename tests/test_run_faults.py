"""The run under faults, through the command line: file-system errors, a full disk while writing, two runs of
one date at once, --no-profiles after a run with profiles, outputs of notebooks inside the repository. Each ends in
a German message with rc 2 and leaves the published state as it was (or complete)."""
from __future__ import annotations

import errno
import hashlib
import os
import pathlib
import subprocess
import sys

import pytest

from conftest import RAW, ROOT
from evaluation import paths
from evaluation.cli import main
from evaluation.run import execute, publish

pytestmark = pytest.mark.run
DATE = "2022-03-31"
ONE = ["00_datenaufbereitung.ipynb"]


def _args(out, *more):
    return ["run", "--reporting-date", DATE, "--raw-dir", str(RAW), "--output-dir", str(out), "--jobs", "1", *more]


def _files(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _published(out):
    return {key: _files(folder) for key, folder in paths.output_layout(out, DATE).items() if folder.is_dir()}


def test_output_dir_that_is_a_file(tmp_path, capsys):
    target = tmp_path / "ausgabe.txt"
    target.write_text("x")
    assert main(_args(target)) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "Datei, kein Ordner" in err and "Traceback" not in err
    assert target.read_text() == "x"


def test_unwritable_output_dir(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    out.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(out) else real(p, mode))
    assert main(_args(out)) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "keine Schreibberechtigung" in err
    assert not list(out.iterdir())


@pytest.mark.parametrize("jobs", ["0", "-1", "zwei"])
def test_jobs_must_be_positive(jobs, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--reporting-date", DATE, "--jobs", jobs])
    assert exit_.value.code == 2
    assert "mindestens 1" in capsys.readouterr().err


@pytest.mark.parametrize("written", [".werkreport.html.tmp", ".werkreport.docx.tmp", ".werkreport.pdf.tmp",
                                     ".index.html.tmp"])
def test_full_disk_while_writing(tmp_path, monkeypatch, capsys, written):
    """ENOSPC while the report (HTML, Word, PDF) or the profile index is written: German, path named, rc 2; the date's
    earlier published state stays as it was and no stage remains."""
    out = tmp_path / "out"
    monkeypatch.setattr(execute, "chapter_notebooks", lambda: ONE)
    assert main(_args(out, "--no-profiles")) == 0
    before = _published(out)
    real = pathlib.Path.write_bytes

    def write_bytes(self, data):
        if self.name == written:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)
    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    if written == ".index.html.tmp":  # the profile index: one municipality's page, then the index
        from evaluation.findings import profile
        active = profile.active
        monkeypatch.setattr(profile, "active", lambda ds: active(ds).head(1))
        args = _args(out, "--force")
        monkeypatch.setattr(execute, "chapter_notebooks", lambda: ONE)
    else:
        args = _args(out, "--force", "--no-profiles")
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "kein Speicherplatz mehr auf dem Datenträger" in err and written in err and "Traceback" not in err
    assert _published(out) == before
    assert [p.name for p in publish.versions(out, DATE).iterdir() if p.name != "current"] == [
        publish.current(out, DATE).name]


def test_two_runs_of_one_date_at_once(tmp_path):
    """A second run of the same date into the same root while the first holds the lock: refused in German
    naming the first (rc 2, no traceback); the first completes undisturbed."""
    out = tmp_path / "out"
    env = {**os.environ, "EVALUATION_LOCK_WAIT": "1"}
    command = [sys.executable, "-m", "evaluation", *_args(out, "--no-profiles")]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    for line in first.stdout:
        if "Rohdaten prüfen" in line:
            break
    second = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    rest, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert second.returncode == 2, second.stderr
    assert "gerade von einem anderen Lauf geschrieben" in second.stderr
    assert f"Prozess {first.pid}" in second.stderr and "Traceback" not in second.stderr
    assert (paths.output_layout(out, DATE)["reports"] / "werkreport.html").is_file()


def test_no_profiles_keeps_the_published_profiles(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    monkeypatch.setattr(execute, "chapter_notebooks", lambda: ONE)
    from evaluation.findings import profile
    active = profile.active
    monkeypatch.setattr(profile, "active", lambda ds: active(ds).head(2))
    assert main(_args(out)) == 0
    pages = paths.output_layout(out, DATE)["reports"] / "kommunen"
    before = _files(pages)
    assert len([p for p in before if p.name != "index.html"]) == 2
    capsys.readouterr()
    assert main(_args(out, "--no-profiles")) == 0
    assert "Kommunensteckbriefe" in capsys.readouterr().out
    assert _files(pages) == before


def test_notebook_outputs_inside_the_repository_are_refused(tmp_path):
    """papermill parameters output_dir / processed_dir pointing into the repository: the notebook stops with the
    German refusal and leaves nothing there."""
    import papermill as pm
    for parameter, folder in (("output_dir", ROOT / "notebooks"), ("processed_dir", ROOT / "data" / "raw"),
                              ("output_dir", ROOT / "data")):
        before = sorted(p.name for p in folder.iterdir())
        with pytest.raises(pm.PapermillExecutionError) as err:
            pm.execute_notebook(str(ROOT / "notebooks" / "05_hintergrund.ipynb"), str(tmp_path / "nb.ipynb"),
                                parameters={parameter: str(folder)}, kernel_name=execute.kernel_name(),
                                cwd=str(ROOT / "notebooks"), progress_bar=False)
        assert "Projektordner" in err.value.evalue, err.value.evalue
        assert sorted(p.name for p in folder.iterdir()) == before


def test_qda_export_into_a_missing_folder(tmp_path, capsys):
    target = tmp_path / "fehlt" / "projekt.qdpx"
    assert main(["qda", "export", str(target), "--reporting-date", DATE]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "fehlt") in err and "fehlt" in err and "Traceback" not in err
    assert not (tmp_path / "fehlt").exists()


def test_any_os_error_becomes_german_with_path(monkeypatch, capsys):
    from evaluation import cli

    def fail(args):
        raise OSError(errno.EROFS, "Read-only file system", "/srv/ausgabe/reports")
    monkeypatch.setattr(cli, "_manifest", fail)
    parser = cli.parser()
    monkeypatch.setattr(cli, "parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["manifest"].set_defaults(func=fail)
    assert main(["manifest"]) == 2
    err = capsys.readouterr().err
    assert "Dateisystem ist nur lesbar" in err and "/srv/ausgabe/reports" in err


def test_refused_municipality_leaves_no_stage(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    monkeypatch.setattr(execute, "chapter_notebooks", lambda: ONE)
    assert main(_args(out, "--no-profiles")) == 0
    before = sorted(p.name for p in publish.versions(out, DATE).iterdir())
    assert main(_args(out, "--municipality", "Gibt es nicht")) == 2
    assert sorted(p.name for p in publish.versions(out, DATE).iterdir()) == before
