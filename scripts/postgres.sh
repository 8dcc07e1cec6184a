#!/usr/bin/env bash
# Installs (Debian's package) and starts a local PostgreSQL server for tests, and prints a DATABASE_URL as its
# last line. Idempotent: an installed, running server and an existing role are reused.
set -euo pipefail

DB_NAME=${PG_DB_NAME:-dialog}
DB_USER=${PG_DB_USER:-dialog}
DB_PASSWORD=${PG_DB_PASSWORD:-dialog}
PORT=${PG_PORT:-5432}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed; run as root or: apt-get install postgresql" >&2
    exit 1
  fi
  echo "Installing PostgreSQL from Debian's packages…" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main"' | grep -q .; then
  pg_createcluster "$version" main -p "$PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start >&2
fi

for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done

runuser -u postgres -- psql -q -p "$PORT" -v ON_ERROR_STOP=1 <<SQL >&2
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${DB_USER}') THEN
    CREATE ROLE ${DB_USER} LOGIN CREATEDB PASSWORD '${DB_PASSWORD}';
  END IF;
END
\$\$;
SQL
if ! runuser -u postgres -- psql -p "$PORT" -tAc "SELECT 1 FROM pg_database WHERE datname='${DB_NAME}'" | grep -q 1; then
  runuser -u postgres -- createdb -p "$PORT" -O "$DB_USER" "$DB_NAME" >&2
fi

echo "postgres://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${PORT}/${DB_NAME}"
