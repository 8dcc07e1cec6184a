"""Pytest plugin: a real Elasticsearch node for the tests that need one.

Load it with ``pytest_plugins = ["tests.plugins.elasticsearch_node"]`` in the
root conftest (or ``-p tests.plugins.elasticsearch_node``) and request the
session-scoped ``elasticsearch_url`` fixture:

* ``ELASTICSEARCH_URL`` set: that server is used as is.
* Otherwise a node is started on a free port with ``scripts/es_node.py`` the
  first time a test requests the fixture (sessions without such tests start
  nothing), exported as ``ELASTICSEARCH_URL`` for the rest of the process and
  stopped (its data deleted) at session end, or at interpreter exit if the
  session is interrupted.
  ``ES_TEST_MAJOR=9`` runs the newest known 9.x instead of the default 8.x.
"""

from __future__ import annotations

import atexit
import os

import pytest

from scripts import es_node


@pytest.fixture(scope="session")
def elasticsearch_url():
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        yield url.rstrip("/")
        return
    major = os.environ.get("ES_TEST_MAJOR")
    port = es_node.free_port()
    atexit.register(es_node.stop_node, port, purge=True)
    url = es_node.start_node(port, major=int(major) if major else None)
    os.environ["ELASTICSEARCH_URL"] = url
    try:
        yield url
    finally:
        os.environ.pop("ELASTICSEARCH_URL", None)
        es_node.stop_node(port, purge=True)
