"""The real Elasticsearch node used by the search tests, and its Swedish hunspell."""

import json
import os
import urllib.request
import uuid

import pytest

pytestmark = pytest.mark.elasticsearch


def _request(url, method="GET", body=None):
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def test_cluster_answers(elasticsearch_url):
    assert os.environ["ELASTICSEARCH_URL"].rstrip("/") == elasticsearch_url
    health = _request(f"{elasticsearch_url}/_cluster/health")
    assert health["status"] in ("yellow", "green")


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
