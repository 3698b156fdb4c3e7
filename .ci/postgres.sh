#!/usr/bin/env bash
# Starts a local PostgreSQL server for the event store's tests and prints, on standard output, the
# line to `eval`:  export CONCILIACION_TEST_PG_URL=postgresql+psycopg://...
# Everything else goes to standard error. Run as root on Debian; it can be run again at any time:
# it installs, creates and starts only what is missing.
set -euo pipefail

role=conciliacion_test
database=conciliacion_test
password=conciliacion_test

say() { echo "postgres.sh: $*" >&2; }

as_postgres() {
    if command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    else
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    say "instalando postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
    say "creando el clúster $version/main"
    pg_createcluster "$version" main >&2
fi

status=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')
if [ "$status" != "online" ]; then
    say "arrancando el clúster $version/main"
    pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')

for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || { say "el servidor no responde en el puerto $port"; exit 1; }

sql() { as_postgres psql -v ON_ERROR_STOP=1 -p "$port" -qAt -c "$1"; }

if [ "$(sql "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
    sql "CREATE ROLE $role LOGIN PASSWORD '$password'" >&2
fi
if [ "$(sql "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
    sql "CREATE DATABASE $database OWNER $role" >&2
fi

echo "export CONCILIACION_TEST_PG_URL=postgresql+psycopg://$role:$password@127.0.0.1:$port/$database"
