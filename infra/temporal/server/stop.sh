#!/usr/bin/env bash
# Stops the Temporal server that start.sh started (by its pid file); its data stays in PostgreSQL.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
pidfile="${MOTCUA_TEMPORAL_RUN_DIR:-$root/.cache/temporal-server}/server.pid"
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
fi
rm -f "$pidfile"
