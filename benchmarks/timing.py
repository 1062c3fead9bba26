"""Timing whole processes for the benchmarks: wall and CPU of a command and its children, paired A B A B runs."""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.2


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one whole process: user + system of the command and of every process it waited
    for (pool workers, kernels), from the operating system's accounting of finished children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(f"fehlgeschlagen: {' '.join(command)}\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(command: Callable[[Path], list[str]]) -> tuple[float, float]:
    """`timed` for a command writing into a fresh folder (removed afterwards)."""
    out = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        return timed(command(out))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _spread(values: list[float]) -> dict:
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def paired(a: Callable[[], tuple[float, float]], b: Callable[[], tuple[float, float]], repeat: int, warmup: int,
           target: float | None = TARGET) -> dict:
    """A and B in turn (A B A B …) after `warmup` unrecorded pairs; per figure min, median and max, the ratios A/B
    taken pair by pair, and the machine's one-minute load average before each pair (others share the cores)."""
    for _ in range(warmup):
        a(), b()
    pairs, loads = [], []
    for _ in range(repeat):
        loads.append(round(os.getloadavg()[0], 2))
        pairs.append((a(), b()))
    result = {"pairs": repeat, "load_average_per_pair": loads}
    for i, name in enumerate(("wall", "cpu")):
        result[f"a_{name}_s"] = _spread([pa[i] for pa, _ in pairs])
        result[f"b_{name}_s"] = _spread([pb[i] for _, pb in pairs])
        result[f"ratio_{name}"] = _spread([pa[i] / pb[i] for pa, pb in pairs])
    if target is not None:
        result["target_ratio"] = target
    return result
