#!/usr/bin/env bash
# Stops what start-broker.sh and start-postgres.sh started under $CLUSTER_DIR (by their own pid files only).
set -uo pipefail
cd "$(dirname "$0")/.."
DIR=$(realpath -m "${CLUSTER_DIR:-target/cluster}")
for pidfile in "$DIR"/broker-*/broker.pid; do
  [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null && rm -f "$pidfile"
done
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
for pgdata in "$DIR"/postgres-*; do
  [ -f "$pgdata/postmaster.pid" ] || continue
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$pgdata" -m fast stop >/dev/null
  else "$BIN/pg_ctl" -D "$pgdata" -m fast stop >/dev/null; fi
done
exit 0
