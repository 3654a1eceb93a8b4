#!/usr/bin/env bash
# Stops the test PostgreSQL server started by start.sh (if any).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data="${MOTCUA_PG_DIR:-$root/.cache/postgres}/data"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -f "$data/postmaster.pid" ] || exit 0
if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bindir/pg_ctl" -D "$data" -m fast stop >/dev/null
else "$bindir/pg_ctl" -D "$data" -m fast stop >/dev/null; fi
