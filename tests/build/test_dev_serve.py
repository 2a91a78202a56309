"""`tools/dev serve` on a copy of the repository: the port is printed, and 8000 may be taken.

Staff may have another preview (or any program) on port 8000. serve then takes
the next free port and says so; ``--port N`` chooses one and stops with a clear
message when N is taken. The copy (tests/data/yearly.py) links .venv and
node_modules and copies the build caches, so the preview builds in seconds.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))

import yearly

SERVING = re.compile(r"Serving the site at (http://127\.0\.0\.1:(\d+)/)")


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"CALCULATORS_DATA_DIR", "PYTHONPATH"}}


@contextmanager
def held(port: int) -> Iterator[bool]:
    """Listen on 127.0.0.1:PORT while inside (False when something else already has it)."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
        except OSError:
            yield False
            return
        yield True


@dataclass
class Serving:
    """A running `tools/dev serve`: what it printed up to its address, and the address."""

    process: subprocess.Popen[str]
    said: list[str]
    url: str
    port: int

    def page(self, path: str, minutes: int) -> None:
        """Wait until URL+PATH answers 200 with an HTML page (the first build takes a while)."""
        deadline = time.monotonic() + minutes * 60
        while True:
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as page:
                    assert page.status == 200 and "<html" in page.read().decode("utf-8")
                    return
            except OSError:
                assert self.process.poll() is None, "tools/dev serve stopped:\n" + "".join(
                    self.said
                )
                assert time.monotonic() < deadline, f"no page within {minutes} minutes"
                time.sleep(1)


@contextmanager
def serving(repo: Path, *args: str) -> Iterator[Serving]:
    """`tools/dev serve ARGS` in REPO until it prints its address; stopped on the way out."""
    process = subprocess.Popen(
        [str(repo / "tools" / "dev"), "serve", *args],
        cwd=repo,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        said = []
        found = None
        assert process.stderr is not None
        for line in process.stderr:
            said.append(line)
            found = SERVING.search(line)
            if found:
                break
        assert found, "".join(said)
        yield Serving(process, said, found.group(1), int(found.group(2)))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


@pytest.mark.slow
def test_serve_takes_the_next_free_port_when_8000_is_taken(tmp_path: Path) -> None:
    """With 8000 taken, serve prints that it uses another port, and the page is served there."""
    repo = tmp_path / "repo"
    yearly.copy_repository(repo)
    with held(8000), serving(repo) as serve:
        assert serve.port != 8000
        assert any("ポート 8000 は使用中なので" in line for line in serve.said), "".join(serve.said)
        serve.page("", minutes=10)


@pytest.mark.slow
def test_a_taken_port_given_with_port_stops_with_a_message(tmp_path: Path) -> None:
    """--port N with N taken: serve stops at once and suggests the next number."""
    repo = tmp_path / "repo"
    yearly.copy_repository(repo)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        done = subprocess.run(
            [str(repo / "tools" / "dev"), "serve", "--port", str(port)],
            cwd=repo,
            env=env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert done.returncode != 0
    assert (
        f"ポート {port} は使用中です / port {port} is in use: tools/dev serve --port {port + 1}"
        in done.stderr
    )


#: What only the checks need: none of it may come with a preview.
TEST_ONLY_PYTHON = ("pytest", "playwright", "selenium", "hypothesis", "mypy", "ruff", "brotli")
TEST_ONLY_NPM = ("axe-core", "lighthouse", "pa11y", "puppeteer-core", "textlint", "vnu-jar")


@pytest.mark.slow
def test_serve_on_a_fresh_clone_installs_only_what_building_needs(tmp_path: Path) -> None:
    """README's first Quick start command on a fresh clone of this repository's last commit
    (git clone, so uncommitted changes are not in it), installing from the registries as a
    new staff member's machine does: the site is served, and neither the test tools nor
    their npm packages were installed. Prints the time to the first page and the sizes."""
    if not (yearly.ROOT / ".git").exists():
        pytest.fail("this test clones the repository: run it in a git checkout")
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(yearly.ROOT), str(repo)], check=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    with serving(repo, "--port", str(port)) as serve:
        for path in ("", "en/calculator/"):
            serve.page(path, minutes=15)
        seconds = time.monotonic() - started
    probe = subprocess.run(
        [
            str(repo / ".venv" / "bin" / "python"),
            "-c",
            "import importlib.util as u, sys; "
            "print(' '.join(m for m in sys.argv[1:] if u.find_spec(m)))",
            *TEST_ONLY_PYTHON,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.split() == [], f"serve installed test tools: {probe.stdout}"
    npm = [name for name in TEST_ONLY_NPM if (repo / "node_modules" / name).exists()]
    assert npm == [], f"serve installed checking tools from npm: {npm}"
    assert (repo / "node_modules" / "pyodide" / "package.json").exists()

    def megabytes(folder: Path) -> float:
        return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6

    print(
        f"\ntools/dev serve on a fresh clone: first pages after {seconds:.0f} s; "
        f".venv {megabytes(repo / '.venv'):.0f} MB, node_modules "
        f"{megabytes(repo / 'node_modules'):.0f} MB"
    )
