#!/usr/bin/env bash
# Starts a PostgreSQL server for the cluster profile, in its own data folder, as the postgres user; installs the
# Debian package when it is missing (CI runs as root). Creates the database spie_hub owned by user spie.
# Usage: cluster/start-postgres.sh [port]      prints the server's data folder; stop it with cluster/stop.sh
# Env: CLUSTER_DIR (default target/cluster), SPIE_HUB_DB_PASSWORD (default spie-secret).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:-5432}
DIR=$(realpath -m "${CLUSTER_DIR:-target/cluster}")
PASSWORD=${SPIE_HUB_DB_PASSWORD:-spie-secret}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$BIN" ]; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
PGDATA=$DIR/postgres-$PORT
mkdir -p "$DIR"
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ ! -d "$PGDATA" ]; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDATA" "$DIR"
  chmod 700 "$PGDATA"
  as_postgres "$BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 >/dev/null
fi
# Durable as in production (fsync on): only the socket folder and the port are the test's own.
as_postgres "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
    -o "-p $PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'spie') THEN CREATE ROLE spie LOGIN PASSWORD '$PASSWORD'; END IF;
END \$\$;
SELECT 'CREATE DATABASE spie_hub OWNER spie' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'spie_hub')\gexec
SQL
echo "$PGDATA"
