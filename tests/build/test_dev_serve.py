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


@pytest.mark.slow
def test_serve_takes_the_next_free_port_when_8000_is_taken(tmp_path: Path) -> None:
    """With 8000 taken, serve prints that it uses another port, and the page is served there."""
    repo = tmp_path / "repo"
    yearly.copy_repository(repo)
    with held(8000):
        serve = subprocess.Popen(
            [str(repo / "tools" / "dev"), "serve"],
            cwd=repo,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            said = []
            assert serve.stderr is not None
            for line in serve.stderr:
                said.append(line)
                found = SERVING.search(line)
                if found:
                    break
            assert found, "".join(said)
            url, port = found.group(1), int(found.group(2))
            assert port != 8000
            assert any("ポート 8000 は使用中なので" in line for line in said), "".join(said)
            deadline = time.monotonic() + 600
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=5) as page:
                        assert page.status == 200
                        assert "<html" in page.read().decode("utf-8")
                        break
                except OSError:
                    assert serve.poll() is None, "tools/dev serve stopped"
                    assert time.monotonic() < deadline, "no page within 10 minutes"
                    time.sleep(1)
        finally:
            os.killpg(serve.pid, signal.SIGTERM)
            serve.wait(timeout=60)


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
    assert f"ポート {port} は使用中です / port {port} is in use: tools/dev serve --port {port + 1}" in done.stderr
