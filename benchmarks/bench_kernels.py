"""Benchmark (not a test): the chapter notebooks of one date on a fresh kernel each (papermill's default: it
starts and stops a kernel per notebook) against one kernel for all (execute.start_kernel, reset in between) –
the choice execute.py documents.

    python benchmarks/bench_kernels.py fresh|one PROCESSED_ROOT OUT     one variant, as a whole process

`kernels_benchmark(repeat)` builds the date's dataset once and runs the two variants in turn (paired).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
DATE = "2022-03-31"


def execute_all(variant: str, processed: Path, out: Path) -> None:
    from evaluation import paths
    from evaluation.run import execute
    parameters = {"reporting_date": DATE, "raw_dir": str(paths.raw_dir()), "processed_dir": str(processed),
                  "output_dir": str(out)}
    (out / "reports").mkdir(parents=True, exist_ok=True)
    if variant == "one":
        with execute.start_kernel() as kernel:
            for name in execute.chapter_notebooks():
                execute.execute_notebook(name, str(out / "reports" / name), parameters, kernel)
        return
    import papermill as pm
    for name in execute.chapter_notebooks():
        pm.execute_notebook(str(paths.notebooks_dir() / name), str(out / "reports" / name), parameters=parameters,
                            kernel_name=execute.kernel_name(), cwd=str(paths.notebooks_dir()), progress_bar=False,
                            log_output=False, request_save_on_cell_execute=False, extra_arguments=execute.KERNEL_ARGS)


def kernels_benchmark(repeat: int = 2) -> dict:
    from benchmarks.plain_run import build
    from benchmarks.timing import paired, timed
    from evaluation.run.execute import chapter_notebooks
    root = Path(tempfile.mkdtemp(prefix="bench-kernels-"))
    try:
        build(DATE, root)
        processed = root / "data" / "processed"

        def variant(name: str):
            out = root / name
            return lambda: timed([PY, __file__, name, str(processed), str(out)])
        result = {"date": DATE, "notebooks": len(chapter_notebooks()), "a": "a fresh kernel per notebook (papermill's default)",
                  "b": "one kernel for all, reset before each notebook (execute.start_kernel)",
                  **paired(variant("fresh"), variant("one"), repeat, warmup=0, target=None)}
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return result


if __name__ == "__main__":
    execute_all(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
