"""Benchmarks of the front end and the SQL generator (not part of the test suite).

Measures, on this machine, each figure as the median of several runs of a whole process
(what a user waits for) or of an in-process call:

* `python -c pass`, the floor of any command;
* a cold `camp check` of a one-file project (no parse cache);
* `camp check` of a generated project of 1,000 campaigns (about 20,000 lines), without and
  with the parse cache;
* SQL generation per campaign for the same project (in process, after checking).

Targets: the 1,000-campaign check within 1 s, generation within 1 ms per campaign, a cold
check within 4 times `python -c pass`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_project import write_project  # noqa: E402

RUNS = 5


def timed(command: list[str], env: dict | None = None, before=None) -> float:
    """Median wall time of a command, in seconds; `before` runs ahead of each timing."""
    times = []
    for _ in range(RUNS):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def camp() -> list[str]:
    return [sys.executable, "-m", "compiler.cli"]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="camp-bench-"))
    try:
        report(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(work: Path) -> None:
    cache = work / "cache"
    with_cache = {**os.environ, "CAMP_CACHE_DIR": str(cache)}
    no_cache = {**os.environ, "CAMP_NO_CACHE": "1"}
    floor = timed([sys.executable, "-c", "pass"])

    single = work / "single"
    write_project(single, 1, per_file=1)
    (single / "dimensions.camp").unlink()
    one_file = single / "campaigns" / "batch_0000.camp"
    one_file.write_text((HERE.parent / "examples" / "travel" / "dimensions.camp").read_text()
                        + one_file.read_text())
    cold_one = timed([*camp(), "check", str(one_file)], env=no_cache)

    big = work / "big"
    lines = write_project(big, 1000)
    cold_big = timed([*camp(), "check", str(big)], env=no_cache)
    clear = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
    first_big = timed([*camp(), "check", str(big)], env=with_cache, before=clear)
    warm_big = timed([*camp(), "check", str(big)], env=with_cache)
    per_campaign = generation_time(big)

    rows = [
        ("python -c pass", f"{floor * 1000:.0f} ms", ""),
        ("cold camp check, one file", f"{cold_one * 1000:.0f} ms",
         f"{cold_one / floor:.1f}x python -c pass (target 4x)"),
        (f"camp check, 1,000 campaigns ({lines:,} lines), no cache", f"{cold_big:.2f} s",
         "target 1 s"),
        ("  same, first run filling the cache", f"{first_big:.2f} s", ""),
        ("  same, cache warm", f"{warm_big:.2f} s", "target 1 s"),
        ("SQL generation per campaign (duckdb)", f"{per_campaign * 1000:.2f} ms",
         "target 1 ms"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>9}  {note}")


def generation_time(project_folder: Path) -> float:
    """Seconds per campaign to generate SQL, in process, median of RUNS."""
    from compiler.compile import compile_project
    from dsl.project import load_project

    project = load_project([str(project_folder)])
    assert not [d for d in project.diagnostics if d.severity == "error"], project.diagnostics[:3]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        compiled, problems = compile_project(project, "duckdb")
        times.append(time.perf_counter() - start)
        assert not problems and len(compiled) == len(project.campaigns)
    return statistics.median(times) / len(project.campaigns)


if __name__ == "__main__":
    main()
