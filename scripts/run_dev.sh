#!/usr/bin/env bash
# `make run`: migrates, loads the demo, makes sure an admin user exists, then serves the development server with a
# real Elasticsearch node and the task worker beside it when possible. Quiet: what the steps print goes to
# var/log/run/ (VERBOSE=1 shows it all on the console), and a short summary comes last.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${PORT:-8000}
ES_PORT=${ES_PORT:-9201}
VERBOSE=${VERBOSE:-0}
LOGS=${RUN_LOG_DIR:-var/log/run}
mkdir -p "$LOGS"

# quietly NAME COMMAND...: runs a step with its output in $LOGS/NAME.log (on the console with VERBOSE=1); when it
# fails, the end of that log is shown and the run stops.
quietly() {
  local name=$1
  shift
  if [ "$VERBOSE" = 1 ]; then
    "$@"
  elif ! "$@" >"$LOGS/$name.log" 2>&1; then
    echo "make run: '$*' failed; the end of $LOGS/$name.log:" >&2
    tail -n 30 "$LOGS/$name.log" >&2
    return 1
  fi
}

echo "Preparing the database and the demo content (details in $LOGS/, VERBOSE=1 to see them)…"
quietly migrate $PY manage.py migrate --noinput
quietly load_demo $PY manage.py load_demo
admin=$($PY manage.py create_admin --summary)

search_note=""
es_started=""
if [ -z "${ELASTICSEARCH_URL:-}" ]; then
  if command -v java >/dev/null 2>&1 || ls /usr/lib/jvm/*/bin/java >/dev/null 2>&1; then
    echo "Starting Elasticsearch on port ${ES_PORT} (the first run downloads it, ~100 MB)…"
    if quietly elasticsearch python3 scripts/es_node.py start --port "$ES_PORT"; then
      ELASTICSEARCH_URL=$(python3 scripts/es_node.py url --port "$ES_PORT")
      export ELASTICSEARCH_URL
      es_started=1
    else
      search_note="Elasticsearch did not start (see above): search is OFF; the rest of the site works."
    fi
  else
    search_note="No Java found: search is OFF (the search page answers 503). Install a JDK (Java 17 or newer, e.g. apt-get install openjdk-17-jdk-headless) or set ELASTICSEARCH_URL to an existing cluster."
  fi
fi
if [ -n "${ELASTICSEARCH_URL:-}" ]; then
  # A first run (or an index out of step with the database) gets a full rebuild; otherwise nothing to do.
  if ! $PY manage.py search_index verify >/dev/null 2>&1; then
    quietly search_index $PY manage.py search_index rebuild --no-progress \
      || search_note="The search index rebuild failed (see above): search answers 503 until it is rebuilt."
  fi
fi

# The worker applies queued background work (search indexing, notifications); it stops with the server.
if [ "$VERBOSE" = 1 ]; then
  $PY manage.py db_worker &
else
  $PY manage.py db_worker >"$LOGS/worker.log" 2>&1 &
fi
worker=$!
server=""
stop() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  kill "$worker" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$VERBOSE" = 1 ]; then
  $PY manage.py runserver "127.0.0.1:${PORT}" &
else
  # The server's banner goes to the log; request lines and errors stay on the console.
  $PY manage.py runserver "127.0.0.1:${PORT}" >>"$LOGS/server.log" &
fi
server=$!
for _ in $(seq 1 240); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "make run: the development server stopped; see $LOGS/server.log" >&2
    exit 1
  fi
  if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" "$PORT" 2>/dev/null; then
    break
  fi
  sleep 0.5
done

echo
echo "==> Dialog och innovation: http://127.0.0.1:${PORT}/"
echo "    Admin:  http://127.0.0.1:${PORT}/admin/ (${admin})"
if [ -n "$es_started" ]; then
  echo "    Search: Elasticsearch at ${ELASTICSEARCH_URL} keeps running after the site stops; stop it with: make es-stop ES_PORT=${ES_PORT}"
elif [ -n "${ELASTICSEARCH_URL:-}" ]; then
  echo "    Search: ${ELASTICSEARCH_URL}"
fi
if [ -n "$search_note" ]; then
  echo "    Search: ${search_note}"
fi
echo "    Stop the site with Ctrl-C. Logs: ${LOGS}/ (VERBOSE=1 shows everything here)"
wait "$server"
