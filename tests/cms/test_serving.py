"""Production serving as `make serve` runs it: scripts/serve.sh, gunicorn with gunicorn.conf.py, whitenoise."""

import os
import re
import socket
import subprocess
import time

import httpx
import pytest

from scripts import processes
from scripts.es_node import free_port
from tests.cms.test_settings import GOOD_KEY, ROOT

PROXIED = {"X-Forwarded-Proto": "https"}
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """scripts/serve.sh on a loopback port with the production settings, a SQLite database and search off.

    Behind a TLS proxy as in production: requests say X-Forwarded-Proto: https (trusted from 127.0.0.1).
    """
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "ELASTICSEARCH"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        ELASTICSEARCH_URL="",
        PORT=str(port),
        WEB_CONCURRENCY="1",
    )
    log = (tmp / "serve.log").open("w")
    server = subprocess.Popen(["bash", "scripts/serve.sh"], cwd=ROOT, env=environment, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            if server.poll() is not None:
                pytest.fail(f"serve.sh exited:\n{(tmp / 'serve.log').read_text()[-3000:]}")
            try:
                httpx.get(base + "/", headers=PROXIED, timeout=5)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer:\n{(tmp / 'serve.log').read_text()[-3000:]}")
                time.sleep(0.5)
        yield base, port
    finally:
        processes.stop(server, group=True)
        log.close()


def _names_nothing(headers) -> list[str]:
    """What in these headers names the software: a Server header with content, or gunicorn anywhere."""
    found = [f"Server: {value}" for value in headers.get_list("server") if value.strip()]
    found += [f"{name}: {value}" for name, value in headers.items() if "gunicorn" in value.lower()]
    return found


def test_no_response_names_the_server(served):
    base, port = served
    with httpx.Client(base_url=base, headers=PROXIED, timeout=10) as client:
        not_found = client.get("/finns-inte/")
        stylesheet = re.search(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', not_found.text)
        assert stylesheet, not_found.text[:1000]
        answers = {
            "page": client.get("/"),
            "admin login": client.get("/admin/login/"),
            "static file": client.get(stylesheet.group(1)),
            "API": client.get("/api/openapi.json"),
            "404": not_found,
            "API 404": client.get("/api/finns-inte/"),
        }
    assert answers["page"].status_code == 200 and answers["admin login"].status_code == 200
    assert answers["static file"].status_code == 200
    assert answers["API"].status_code == 200 and answers["API"].json()["info"]["title"]
    assert answers["404"].status_code == 404 and answers["API 404"].status_code == 404

    # A request gunicorn refuses itself, before Django sees it.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n")
        refused = raw.recv(65536).decode("latin-1")
    assert refused.startswith("HTTP/1.1 400"), refused
    raw_headers = refused.split("\r\n\r\n", 1)[0].split("\r\n")[1:]
    answers["gunicorn's own 400"] = httpx.Response(400, headers=[line.split(":", 1) for line in raw_headers])

    named = {what: _names_nothing(answer.headers) for what, answer in answers.items()}
    assert not any(named.values()), named
