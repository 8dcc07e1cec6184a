"""`make run` on a fresh checkout: quiet steps, the worker's lines kept off the console, a short summary last
(the site, the admin user and password, how to stop the Elasticsearch node that keeps running)."""

import os
import select
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from scripts import es_node, processes

ROOT = Path(__file__).resolve().parents[1]
LAST_LINE = "Stop the site with Ctrl-C."


def _port(candidates) -> int:
    """The first of the ports reserved for this test that nothing listens on, else any free one."""
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return es_node.free_port()


def _read_until(process, output: list[str], pattern: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    buffer = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.5)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536).decode(errors="replace")
            if not chunk:
                return False
            buffer += chunk
            *lines, buffer = buffer.split("\n")
            output.extend(lines)
            if any(pattern in line for line in lines):
                return True
        elif process.poll() is not None:
            return False
    return False


@pytest.mark.elasticsearch
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_prints_a_short_summary_last(tmp_path):
    port = _port(range(8161, 8165))
    es_port = _port(range(8165, 8170))
    credentials = tmp_path / "admin-credentials.txt"
    logs = tmp_path / "logs"
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("DJANGO_", "PYTEST", "ELASTICSEARCH", "ADMIN_", "DATABASE_URL"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"), ADMIN_CREDENTIALS_FILE=str(credentials), RUN_LOG_DIR=str(logs),
        ES_START_TIMEOUT=environment.get("ES_START_TIMEOUT", "400"), PYTHONUNBUFFERED="1",
    )
    run = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}", f"ES_PORT={es_port}"], cwd=ROOT,
                           env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           start_new_session=True)
    output: list[str] = []
    try:
        assert _read_until(run, output, LAST_LINE, timeout=900), "\n".join(output)
        # Nothing follows the summary while nobody uses the site (the worker runs meanwhile).
        assert not _read_until(run, output, "", timeout=5), "\n".join(output)
        summary_at = next(i for i, line in enumerate(output) if line.startswith("==> Dialog och innovation"))
        summary = output[summary_at:]
        assert summary[-1].strip().startswith(LAST_LINE)
        assert len(summary) <= 5, summary
        text = "\n".join(summary)
        password = credentials.read_text().split("password=")[1].strip()
        assert f"http://127.0.0.1:{port}/" in summary[0]
        assert f"Admin:  http://127.0.0.1:{port}/admin/ (user admin, password {password}" in text
        assert f"keeps running after the site stops; stop it with: make es-stop ES_PORT={es_port}" in text

        before = "\n".join(output[:summary_at])
        assert "Applying " not in before and "Demo content ready" not in before  # migrate and load_demo are quiet
        # Django's autoreloader announces itself in the worker and in runserver alike; the rest is the worker's own.
        worker_lines = [line for line in (logs / "worker.log").read_text().splitlines()
                        if line.strip() and not line.startswith("Watching for file changes")]
        assert worker_lines, "the worker wrote nothing to its log"
        assert not [line for line in worker_lines if line in output]
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 200
    finally:
        processes.stop(run, signal.SIGINT, group=True, grace=60)
        still_running = es_node.read_pid(es_port)
        stopped = subprocess.run(["make", "--no-print-directory", "es-stop", f"ES_PORT={es_port}"], cwd=ROOT,
                                 env=environment, capture_output=True, text=True, timeout=120)
        es_node.stop_node(es_port, purge=True)
    # The node outlived the site, as the summary says, and the advertised command stopped it.
    assert still_running is not None
    assert stopped.returncode == 0, stopped.stderr
    assert es_node.health(es_port) is None
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
