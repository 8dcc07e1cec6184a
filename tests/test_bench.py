"""`make bench` writes where git ignores it and leaves no Elasticsearch node behind when it is interrupted."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import harness
from scripts import es_node

ROOT = Path(__file__).resolve().parents[1]
TRACKED_RESULTS = ROOT / "bench" / "results"


def _tracked_results_state():
    return {path.name: path.read_bytes() for path in sorted(TRACKED_RESULTS.glob("*.json"))}


@pytest.mark.django_db
def test_results_go_to_var_bench_unless_bench_results_names_a_folder(tmp_path, monkeypatch):
    before = _tracked_results_state()
    monkeypatch.delenv("BENCH_RESULTS", raising=False)
    assert harness.results_dir() == ROOT / "var" / "bench"
    assert "/var/" in (ROOT / ".gitignore").read_text().splitlines()

    monkeypatch.setenv("BENCH_RESULTS", str(tmp_path / "mine"))
    report = harness.Report("probe")
    report("row", value=1.5)
    written = report.write()
    assert written == tmp_path / "mine" / "probe.json"
    assert json.loads(written.read_text())["rows"] == [{"name": "row", "value": 1.5}]
    assert _tracked_results_state() == before


@pytest.mark.elasticsearch
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_bench_stops_its_node_and_writes_nothing_tracked(signum, tmp_path):
    before = _tracked_results_state()
    # DATABASE_URL is left out: on PostgreSQL the bench's test database would be the running suite's own.
    environment = {k: v for k, v in os.environ.items()
                   if k not in {"ELASTICSEARCH_URL", "BENCH_RESULTS", "DATABASE_URL"}}
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.test", SEARCH_BENCH_POSTS="3000",
                       ES_START_TIMEOUT=environment.get("ES_START_TIMEOUT", "400"))
    log = tmp_path / "bench.log"
    with log.open("w") as out:
        bench = subprocess.Popen([sys.executable, "-m", "bench", "search"], cwd=ROOT, env=environment,
                                 stdout=out, stderr=subprocess.STDOUT)
    try:
        port = None
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and bench.poll() is None:
            text = log.read_text()
            if port is None and (found := re.search(r"starting Elasticsearch \S+ on http://127\.0\.0\.1:(\d+)", text)):
                port = int(found.group(1))
            if port is not None and "healthy after" in text:
                break
            time.sleep(0.5)
        assert port is not None and "healthy after" in log.read_text(), log.read_text()[-3000:]
        pid = es_node.read_pid(port)
        assert pid is not None and es_node.running(pid)

        bench.send_signal(signum)
        bench.wait(120)
    finally:
        if bench.poll() is None:
            bench.kill()
            bench.wait(30)
    assert bench.returncode != 0  # interrupted, not finished
    assert not es_node.running(pid), log.read_text()[-3000:]
    assert es_node.read_pid(port) is None and not es_node.node_dir(port).exists()
    assert es_node.health(port) is None
    assert _tracked_results_state() == before
