#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for tests on 127.0.0.1:${MOTCUA_PG_PORT:-54329},
# data under ${MOTCUA_PG_DIR:-.cache/postgres}. Installs Debian's postgresql when it is missing and we are root.
# Prints the connection URL on stdout. Idempotent: an already running server is reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
port=${MOTCUA_PG_PORT:-54329}
sock=${MOTCUA_PG_DIR:-$root/.cache/postgres}
data="$sock/data"

find_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bindir=$(find_bindir)
if [ -z "$bindir" ] && command -v pg_ctl >/dev/null 2>&1; then bindir=$(dirname "$(command -v pg_ctl)"); fi
if [ -z "$bindir" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's postgresql…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
    bindir=$(find_bindir)
  fi
fi
[ -n "$bindir" ] || { echo "infra/postgres/start.sh: no PostgreSQL server binaries (install Debian's postgresql)" >&2; exit 1; }

# initdb and postgres refuse to run as root: use the postgres account that the package creates.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$sock"
[ "$(id -u)" = 0 ] && chown postgres "$sock" || true
if [ ! -f "$data/PG_VERSION" ]; then
  as_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  as_owner "$bindir/pg_ctl" -D "$data" -l "$sock/server.log" -w -t 60 \
    -o "-p $port -k $sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
fi
for db in motcua motcua_test; do
  as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
    || as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
done
echo "postgres://postgres@127.0.0.1:$port/motcua_test"
