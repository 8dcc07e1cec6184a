#!/usr/bin/env bash
# `make serve`: production serving on one host. gunicorn (static files through whitenoise), the task worker,
# PostgreSQL from DATABASE_URL and Elasticsearch from ELASTICSEARCH_URL. Every secret comes from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-cms.settings.production}
BIND=${BIND:-127.0.0.1:${PORT:-8000}}
WORKERS=${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}

: "${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database, e.g. postgres://user:pass@host:5432/dialog}"

$PY manage.py check --deploy --fail-level WARNING
$PY manage.py check_services
if [ "${MIGRATE_ON_START:-1}" = 1 ]; then
  $PY manage.py migrate --noinput
fi
$PY manage.py collectstatic --noinput --verbosity 0

$PY manage.py db_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM

echo "Serving on http://${BIND}/ with ${WORKERS} gunicorn workers"
# gunicorn.conf.py: no Server header naming gunicorn.
$PY -m gunicorn cms.wsgi:application --config gunicorn.conf.py --bind "$BIND" --workers "$WORKERS" \
  --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" --timeout 30
