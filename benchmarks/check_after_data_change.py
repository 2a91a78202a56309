"""How long `tools/dev check` takes after a data change (the target: under a minute).

Usage: ``.venv/bin/python benchmarks/check_after_data_change.py [runs]`` (3 by default).

On a copy of the repository (tests/data/yearly.py: .venv and node_modules linked,
build caches copied, as a staff member's clone after one check), each run changes
the national average electricity factor in calculators/data/factors.toml to a new
value and runs the real ``tools/dev check``. It prints each run's wall time, the
median, the CPU time the check used (user + system of every process it ran: what the
check costs whatever else the machine is doing), and the load average before and
after (the machine may be shared: say so with the figures). Nothing here passes or fails.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "data"))

import yearly


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main(runs: int) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"CALCULATORS_DATA_DIR", "PYTHONPATH"}}
    with tempfile.TemporaryDirectory() as work:
        repo = Path(work) / "repo"
        yearly.copy_repository(repo)
        factors = repo / "calculators" / "data" / "factors.toml"
        times: list[float] = []
        cpus: list[float] = []
        print(f"load average before: {load()} ({os.cpu_count()} cores)")
        for run in range(runs):
            text = factors.read_text(encoding="utf-8")
            found = re.search(r"(?m)^\[electricity\.national_average\]\nvalue = ([0-9.]+)$", text)
            assert found is not None
            old = float(found.group(1))
            new = round(old - 0.001 * (run + 1), 3)
            text = text[: found.start(1)] + f"{new:.3f}" + text[found.end(1) :]
            # As the guide's step 4 says: the note's copy of the value (t-CO2/kWh) changes too.
            text = text.replace(f"{old / 1000:.6f} t-CO2/kWh", f"{new / 1000:.6f} t-CO2/kWh", 1)
            factors.write_text(text, encoding="utf-8")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.monotonic()
            done = subprocess.run(
                [str(repo / "tools" / "dev"), "check"],
                cwd=repo,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.monotonic() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            times.append(seconds)
            cpus.append(cpu)
            lines = done.stdout.strip().splitlines()
            summary = [line for line in lines if "チェックの結果" in line]
            last = (summary or lines or [""])[0 if summary else -1]
            print(f"run {run + 1}: {seconds:.1f} s wall, {cpu:.1f} s CPU, exit {done.returncode}")
            print(f"  {last}")
        print(
            f"median of {runs}: {statistics.median(times):.1f} s wall, "
            f"{statistics.median(cpus):.1f} s CPU (user + system, all processes; on an idle "
            f"{os.cpu_count()}-core machine the wall time is about CPU / cores or more)"
        )
        print(f"load average after: {load()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
