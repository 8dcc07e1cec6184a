"""The real Elasticsearch node used by the search tests, and its Swedish hunspell."""

import json
import os
import urllib.request
import uuid

from pathlib import Path

import pytest

from scripts import es_node

TEMURIN_25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")


def _request(url, method="GET", body=None):
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


@pytest.mark.elasticsearch
def test_cluster_answers(elasticsearch_url):
    assert os.environ["ELASTICSEARCH_URL"].rstrip("/") == elasticsearch_url
    health = _request(f"{elasticsearch_url}/_cluster/health")
    assert health["status"] in ("yellow", "green")


@pytest.mark.elasticsearch
def test_swedish_hunspell(elasticsearch_url):
    index = f"{elasticsearch_url}/test-hunspell-{uuid.uuid4().hex}"
    _request(index, "PUT", {
        "settings": {
            "number_of_replicas": 0,
            "analysis": {
                "filter": {"sv_hunspell": {"type": "hunspell", "locale": "sv_SE"}},
                "analyzer": {"sv": {"tokenizer": "standard", "filter": ["lowercase", "sv_hunspell"]}},
            },
        },
    })
    try:
        def stems(text):
            result = _request(f"{index}/_analyze", "POST", {"analyzer": "sv", "text": text})
            return [token["token"] for token in result["tokens"]]

        assert stems("Nätverken beställarna hundarna") == ["nätverk", "beställa", "hund"]
        # The hunspell filter does not split compounds: an inflected compound the
        # dictionary does not list comes back unchanged, not as "beställarnätverk".
        assert stems("beställarnätverken") == ["beställarnätverken"]
    finally:
        _request(index, "DELETE")


def _fake_jdk(root: Path, feature: int) -> Path:
    home = root / f"jdk-{feature}"
    (home / "bin").mkdir(parents=True)
    (home / "release").write_text(f'JAVA_VERSION="{feature}.0.1"\n')
    java = home / "bin" / "java"
    java.write_text("#!/bin/sh\nexit 0\n")
    java.chmod(0o755)
    return home


@pytest.mark.parametrize(("version", "wanted"), [
    ("8.17.4", (17, 23)),
    ("8.18.0", (17, None)),
    ("8.19.21", (17, None)),
    ("9.0.0", (21, None)),
    ("9.2.1", (21, None)),
])
def test_java_range_follows_the_elasticsearch_version(version, wanted):
    assert es_node.java_range(version) == wanted


def test_a_jdk_found_only_through_java_on_path_is_used(tmp_path, monkeypatch):
    """No JDK under the JVM folder, no JAVA_HOME: the `java` on PATH (a symlink, as Debian's alternatives) counts."""
    monkeypatch.setattr(es_node, "JVM_ROOT", tmp_path / "no-jvm-here")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    home = _fake_jdk(tmp_path / "opt", 21)
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "java").symlink_to(home / "bin" / "java")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert es_node.pick_java_home("8.19.21") == home.resolve()
    assert es_node.pick_java_home("9.1.0") == home.resolve()


def test_the_error_names_the_range_and_what_was_found(tmp_path, monkeypatch):
    monkeypatch.setattr(es_node, "JVM_ROOT", tmp_path / "jvm")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    _fake_jdk(tmp_path / "jvm", 25)
    _fake_jdk(tmp_path / "jvm", 11)
    with pytest.raises(es_node.NodeError) as raised:
        es_node.pick_java_home("8.17.4")
    message = str(raised.value)
    assert "Elasticsearch 8.17.4 needs Java 17-23" in message
    assert "Java 11 at" in message and "Java 25 at" in message and "--java-home" in message
    assert es_node.pick_java_home("8.19.21") == (tmp_path / "jvm" / "jdk-25").resolve()
    with pytest.raises(es_node.NodeError, match="needs Java 21 or newer"):
        monkeypatch.setattr(es_node, "JVM_ROOT", tmp_path / "empty")
        es_node.pick_java_home("9.0.0")


@pytest.mark.elasticsearch
@pytest.mark.skipif(not TEMURIN_25.is_dir(), reason="no Temurin 25 under /usr/lib/jvm")
def test_elasticsearch_8_19_runs_on_java_25():
    """The range above is measured: the default 8.19 starts, answers and runs its JVM on Java 25."""
    version = es_node.DEFAULT_VERSION
    assert es_node.java_range(version) == (17, None)
    port = es_node.free_port()
    try:
        url = es_node.start_node(port, version=version, java_home=TEMURIN_25)
        nodes = _request(f"{url}/_nodes/_local/jvm")
        (node,) = nodes["nodes"].values()
        assert node["jvm"]["version"].startswith("25"), node["jvm"]["version"]
        assert node["version"] == version
    finally:
        es_node.stop_node(port, purge=True)
