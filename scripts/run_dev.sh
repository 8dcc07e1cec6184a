#!/usr/bin/env bash
# `make run`: the development server, with a real Elasticsearch node and the task worker beside it when possible.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${PORT:-8000}
ES_PORT=${ES_PORT:-9201}

if [ -z "${ELASTICSEARCH_URL:-}" ]; then
  if command -v java >/dev/null 2>&1 || ls /usr/lib/jvm/*/bin/java >/dev/null 2>&1; then
    echo "Starting Elasticsearch on port ${ES_PORT} (first run downloads it, ~100 MB)…"
    if ELASTICSEARCH_URL=$(python3 scripts/es_node.py start --port "$ES_PORT" | tail -n 1); then
      export ELASTICSEARCH_URL
    else
      echo "Elasticsearch did not start (see above): search is OFF; the rest of the site works." >&2
    fi
  else
    echo "No Java found: Elasticsearch cannot run here, so search is OFF (the search page answers 503)." >&2
    echo "Install a JDK (Java 17 or newer, e.g. apt-get install openjdk-17-jdk-headless) or set ELASTICSEARCH_URL to an existing cluster to turn it on." >&2
  fi
fi
if [ -n "${ELASTICSEARCH_URL:-}" ]; then
  echo "Search uses ${ELASTICSEARCH_URL}"
  # A first run (or an index out of step with the database) gets a full rebuild; otherwise nothing to do.
  if ! $PY manage.py search_index verify >/dev/null 2>&1; then
    $PY manage.py search_index rebuild --no-progress || echo "The search index rebuild failed (see above): the site runs, search answers 503 until it is rebuilt." >&2
  fi
fi

# The worker applies queued background work (search indexing, notifications); it stops with the server.
$PY manage.py db_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Serving the site at http://127.0.0.1:${PORT}/ (admin at /admin/)"
$PY manage.py runserver "127.0.0.1:${PORT}"
