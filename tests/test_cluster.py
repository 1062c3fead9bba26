"""`run --scheduler`: the notebooks on a Dask cluster give the same bytes as a local run, and workers need only
what is shipped to them (a two-worker LocalCluster with one thread per worker, as the README starts one)."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import RAW, broken_notebook
from evaluation import cli, paths
from evaluation.data import clean
from evaluation.run import pipeline
from evaluation.errors import ClusterError, NotebookError
from evaluation.reporting_date import DEFAULT, german

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _files(root: Path) -> dict[str, bytes]:
    """Every file of a date's three output folders, by path relative to the output root."""
    found = {}
    for folder in (root / "data" / "processed" / DEFAULT, root / "figures" / DEFAULT, root / "reports" / DEFAULT):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def test_a_cluster_run_gives_the_bytes_of_a_local_run(pipeline_run, scheduler):
    """Both runs write to the same output root (the local one is moved aside meanwhile): the executed notebooks
    record that root in their parameters, so only the same root can give the same bytes."""
    root = pipeline_run["reports"].parents[1]
    local_root = root.with_name(root.name + "-lokal")
    os.replace(root, local_root)
    said = []
    try:
        pipeline.run(DEFAULT, raw_dir=RAW, output_dir=root, echo=said.append, scheduler=scheduler)
        on_cluster, local = _files(root), _files(local_root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        os.replace(local_root, root)
    assert any(line.startswith(f"Dask-Cluster {scheduler}: 2 Worker") for line in said), said
    assert sorted(on_cluster) == sorted(local)
    assert [name for name in local if name.endswith(".ipynb")] and [name for name in local if name.endswith(".png")]
    assert [name for name in local if on_cluster[name] != local[name]] == []
    record = json.loads(on_cluster[f"reports/{DEFAULT}/20_strukturen.ipynb"])["metadata"]["papermill"]
    assert record["parameters"]["output_dir"] == str(root), "the published root, not the run's version folder"
    assert not [name for name, content in on_cluster.items() if b"evaluation-worker-" in content]


def test_workers_need_neither_the_stage_nor_the_raw_data(pipeline_run, scheduler, raw_copy, tmp_path):
    """The stage (with the dataset) and the raw folder are gone as soon as the job is handed over, so the job
    can only run from what was shipped; its notebook and figures come back as a local run makes them."""
    from evaluation.intake.delivery import Delivery
    from evaluation.run import cluster
    from evaluation.run.execute import execute_notebook
    from evaluation.run.pipeline import Job
    stage = tmp_path / "stage"
    staged = paths.output_layout(stage, DEFAULT)
    clean.build(raw_copy, DEFAULT).write(staged["processed"])
    name = "10_inanspruchnahme.ipynb"
    parameters = {"reporting_date": DEFAULT, "raw_dir": str(raw_copy), "processed_dir": str(staged["processed"].parent),
                  "output_dir": str(stage)}
    remote = cluster.Remote(scheduler, Delivery(raw_copy), echo=lambda m: None)
    executor = remote.executor()
    try:
        future = remote.submit(executor, Job(name, execute_notebook, name, str(staged["reports"] / name), parameters))
        os.replace(stage, tmp_path / "weg")
        shutil.rmtree(raw_copy)
        seconds, files = future.result(timeout=180)
    finally:
        remote.close(executor)
    assert seconds > 0
    assert not [f for f in files if f.startswith("data/")], "only what the job wrote comes back, not the worker's data"
    for relative, content in files.items():
        (stage / relative).parent.mkdir(parents=True, exist_ok=True)
        (stage / relative).write_bytes(content)
    nb = nbformat.read(staged["reports"] / name, as_version=4)
    shown = [o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
             if "text/markdown" in o.get("data", {})]
    assert any(f"Stichtag **{german(DEFAULT)}**." in text for text in shown), shown  # the overview of chapter 3
    assert nb.metadata.papermill.parameters == parameters
    figures = sorted(p.name for p in staged["figures"].iterdir())
    assert figures and figures == sorted(p.name for p in pipeline_run["figures"].glob("abb_0[23]_*"))  # Abb. 1 is 05's
    assert all((staged["figures"] / f).read_bytes() == (pipeline_run["figures"] / f).read_bytes() for f in figures)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_named_at_once(tmp_path, capsys):
    address = f"tcp://127.0.0.1:{_free_port()}"
    out = tmp_path / "out"
    started = time.monotonic()
    code = cli.main(["run", "--reporting-date", DEFAULT, "--output-dir", str(out), "--scheduler", address])
    assert time.monotonic() - started < 20
    assert code == 2
    captured = capsys.readouterr()
    assert f"FEHLER: Der Dask-Scheduler {address} ist nicht erreichbar" in captured.err
    assert "Rohdaten prüfen" not in captured.out, "data were built before the scheduler was reached"
    assert not out.exists() or not any(out.rglob("*"))


def test_a_failing_notebook_on_the_cluster_leaves_nothing_of_its_date(tmp_path, monkeypatch, scheduler):
    """The workers started before this notebook existed, and in another project root: it reaches them as data."""
    broken_notebook(tmp_path / "notebooks")
    monkeypatch.setenv("EVALUATION_ROOT", str(tmp_path))
    out = tmp_path / "out"
    with pytest.raises(NotebookError) as err:
        pipeline.run("2022-03-31", raw_dir=RAW, output_dir=out, echo=lambda m: None, scheduler=scheduler,
                     notebooks=["99_kaputt.ipynb"])
    message = str(err.value)
    assert "Notebook 99_kaputt.ipynb, Zelle " in message and "ValueError: absichtlich kaputt" in message
    assert not [p for p in out.rglob("*") if p.is_file()]


def test_ctrl_c_cancels_the_jobs_on_the_cluster(tmp_path, scheduler):
    out = tmp_path / "out"

    def echo(line):
        if "fertig" in line:
            raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        pipeline.run(DEFAULT, raw_dir=RAW, output_dir=out, echo=echo, scheduler=scheduler)
    assert not [p for p in out.rglob("*") if p.is_file()]
    with distributed.Client(scheduler, set_as_default=False) as client:
        deadline = time.monotonic() + 30
        while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0


def test_workers_set_up_unlike_the_run_are_refused(tmp_path, monkeypatch, scheduler):
    """Another package state or kernel would give other bytes: refused before any data are built."""
    from evaluation.data import dataset
    from evaluation.run import execute
    monkeypatch.setattr(dataset, "code_fingerprint", lambda: "anderer-stand")
    monkeypatch.setattr(execute, "kernel_name", lambda: "kein-kernel")
    said = []
    with pytest.raises(ClusterError) as err:
        pipeline.run(DEFAULT, raw_dir=RAW, output_dir=tmp_path / "out", echo=said.append, scheduler=scheduler)
    message = str(err.value)
    assert "ist nicht wie der Lauf eingerichtet" in message
    assert "das Paket evaluation hat einen anderen Stand" in message
    assert "der Jupyter-Kernel „kein-kernel“ ist nicht registriert" in message
    assert not said


def test_a_worker_without_the_package_is_named(tmp_path):
    """A real `dask worker` process that cannot import the package."""
    with distributed.LocalCluster(n_workers=0, dashboard_address=None) as cluster:
        code = ("import sys; sys.modules['evaluation'] = None; from distributed.cli.dask_worker import main; "
                f"sys.argv = ['dask-worker', '{cluster.scheduler_address}', '--nthreads', '1', '--no-nanny', '--no-dashboard']; main()")
        worker = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with pytest.raises(ClusterError) as err:
                pipeline.run(DEFAULT, raw_dir=RAW, output_dir=tmp_path / "out", echo=lambda m: None,
                             scheduler=cluster.scheduler_address)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    assert f"Die Worker am Dask-Scheduler {cluster.scheduler_address} können die Auswertung nicht ausführen: " \
           "das Paket evaluation fehlt" in str(err.value)


def test_a_shipped_dataset_is_used_only_with_the_raw_data_it_was_built_from(tmp_path):
    """What a worker gets instead of the raw folder: the fingerprint of the files the run read. A dataset from
    other raw data or another package state is refused, and never rebuilt (there is nothing to build from)."""
    from evaluation import load
    from evaluation.intake import manifest
    from evaluation.errors import EvaluationError
    processed = tmp_path / "processed"
    built = clean.build(RAW, DEFAULT)
    built.write(processed / DEFAULT)
    fingerprint = manifest.fingerprint(RAW)
    shipped = load(DEFAULT, raw_dir=fingerprint, processed_dir=processed)
    assert shipped.meta["raw_files"] == fingerprint
    assert len(shipped.municipalities) == len(built.municipalities) > 0
    meta = processed / DEFAULT / "meta.json"
    stamp = meta.stat().st_mtime_ns
    other = {**fingerprint, next(iter(fingerprint)): "0" * 64}
    with pytest.raises(EvaluationError, match="stammt nicht aus den Rohdaten, die der Lauf gelesen hat"):
        load(DEFAULT, raw_dir=other, processed_dir=processed)
    assert meta.stat().st_mtime_ns == stamp
    meta.write_text(json.dumps({**json.loads(meta.read_text(encoding="utf-8")), "code": "alt"}), encoding="utf-8")
    with pytest.raises(EvaluationError, match="das Paket evaluation hat hier einen anderen Stand"):
        load(DEFAULT, raw_dir=fingerprint, processed_dir=processed)
