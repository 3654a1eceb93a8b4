#!/usr/bin/env bash
# The Temporal server a district runs, here on one machine: Temporal 1.29.1 on PostgreSQL (persistence
# and SQL visibility), the four services in one process. One command for CI and for a person:
#   1. provisions the server and the schema tool (go install, once per machine: the binaries live in
#      ${MOTCUA_TEMPORAL_BUILD_CACHE:-$HOME/.cache/motcua/temporal-1.29.1} and are linked into .cache/bin);
#   2. creates the two databases and installs/updates both schemas (setup-schema -v 0.0, then
#      update-schema with the module's schema/postgresql/v12/*/versioned folders);
#   3. starts the server in the background (pid and log in ${MOTCUA_TEMPORAL_RUN_DIR:-.cache/temporal-server}),
#      waits until it answers, and prints its address (host:port) on stdout.
# Every setting is an environment variable of config/motcua.yaml (ports, databases, pools).
# Idempotent: a server already answering on the port is reused. PostgreSQL: 127.0.0.1:54329 as
# infra/postgres/start.sh runs it (started when it does not answer), or MOTCUA_TEMPORAL_PG_HOST/_PORT/_USER.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
here="$root/infra/temporal/server"
version=1.29.1
build_cache=${MOTCUA_TEMPORAL_BUILD_CACHE:-$HOME/.cache/motcua/temporal-$version}
bin="$root/.cache/bin"
run=${MOTCUA_TEMPORAL_RUN_DIR:-$root/.cache/temporal-server}
export MOTCUA_TEMPORAL_PG_HOST=${MOTCUA_TEMPORAL_PG_HOST:-127.0.0.1}
export MOTCUA_TEMPORAL_PG_PORT=${MOTCUA_TEMPORAL_PG_PORT:-${MOTCUA_PG_PORT:-54329}}
export MOTCUA_TEMPORAL_PG_USER=${MOTCUA_TEMPORAL_PG_USER:-postgres}
export MOTCUA_TEMPORAL_PORT=${MOTCUA_TEMPORAL_PORT:-7433}
address="127.0.0.1:$MOTCUA_TEMPORAL_PORT"
say() { echo "temporal-server: $*" >&2; }

# 1. Binaries ------------------------------------------------------------------------------------
mkdir -p "$bin" "$run"
# Go for the build: the one on PATH, else the toolchain module of the Go proxy (Debian's golang is too
# old for Temporal's go 1.25 directive), unpacked once next to the build cache.
go_toolchain=1.25.0
ensure_go() {
  command -v go >/dev/null 2>&1 && return 0
  local goroot="$HOME/.cache/motcua/go-$go_toolchain"
  if [ ! -x "$goroot/bin/go" ]; then
    local arch zip
    case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) say "no Go toolchain for $(uname -m): install Go ≥ $go_toolchain"; exit 1 ;; esac
    say "Go not found: fetching go$go_toolchain from the Go module proxy (golang.org/toolchain)…"
    zip=$(mktemp --suffix=.zip)
    curl -fsSL "${GOPROXY_URL:-https://proxy.golang.org}/golang.org/toolchain/@v/v0.0.1-go$go_toolchain.linux-$arch.zip" -o "$zip"
    rm -rf "$goroot.tmp" && mkdir -p "$goroot.tmp"
    unzip -q "$zip" -d "$goroot.tmp" && rm -f "$zip"
    mv "$goroot.tmp/golang.org/toolchain@v0.0.1-go$go_toolchain.linux-$arch" "$goroot" && rm -rf "$goroot.tmp"
    chmod +x "$goroot"/bin/* "$goroot"/pkg/tool/*/* 2>/dev/null || true
  fi
  export PATH="$goroot/bin:$PATH"
}
if [ ! -x "$build_cache/server" ] || [ ! -x "$build_cache/sql" ]; then
  ensure_go
  say "building Temporal server $version and its sql tool (once per machine, about 10 minutes on 2 cores)…"
  mkdir -p "$build_cache"
  GOBIN="$build_cache" GOFLAGS="${GOFLAGS:--buildvcs=false}" \
    go install "go.temporal.io/server/cmd/server@v$version" "go.temporal.io/server/cmd/tools/sql@v$version" >&2
fi
ln -sfn "$build_cache/server" "$bin/temporal-server"
ln -sfn "$build_cache/sql" "$bin/temporal-sql-tool"

answers() { "$bin/temporal" operator cluster health --address "$address" >/dev/null 2>&1; }
if answers; then
  say "a Temporal server already answers at $address: reusing it"
  echo "$address"
  exit 0
fi

# 2. PostgreSQL and the schemas -------------------------------------------------------------------
pg_bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
psql_cmd=${pg_bindir:+$pg_bindir/psql}
psql_cmd=${psql_cmd:-$(command -v psql || true)}
[ -n "$psql_cmd" ] || { say "psql not found (Debian: apt-get install postgresql-client)"; exit 1; }
export PGPASSWORD=${MOTCUA_TEMPORAL_PG_PASSWORD:-}
psql_at() { "$psql_cmd" -h "$MOTCUA_TEMPORAL_PG_HOST" -p "$MOTCUA_TEMPORAL_PG_PORT" -U "$MOTCUA_TEMPORAL_PG_USER" -d "$1" -tAc "$2"; }
if ! psql_at postgres 'select 1' >/dev/null 2>&1; then
  if [ "$MOTCUA_TEMPORAL_PG_HOST" = 127.0.0.1 ]; then
    MOTCUA_PG_PORT=$MOTCUA_TEMPORAL_PG_PORT bash "$root/infra/postgres/start.sh" >/dev/null
  else
    say "PostgreSQL does not answer at $MOTCUA_TEMPORAL_PG_HOST:$MOTCUA_TEMPORAL_PG_PORT"; exit 1
  fi
fi

# Pools from PostgreSQL's limit: this server takes at most 30 % of max_connections, the rest stays for
# motcua's workers and APIs. 4 services each hold a pool per store; 2/3 of a service's share for
# persistence, 1/3 for visibility (docs/operations.md).
max_connections=$(psql_at postgres 'show max_connections')
per_service=$(( max_connections * 30 / 100 / 4 ))
[ "$per_service" -ge 6 ] || { say "PostgreSQL allows only $max_connections connections: raise max_connections (at least 80)"; exit 1; }
export MOTCUA_TEMPORAL_MAX_CONNS=${MOTCUA_TEMPORAL_MAX_CONNS:-$(( per_service * 2 / 3 ))}
export MOTCUA_TEMPORAL_VISIBILITY_MAX_CONNS=${MOTCUA_TEMPORAL_VISIBILITY_MAX_CONNS:-$(( per_service - MOTCUA_TEMPORAL_MAX_CONNS ))}

module_schema="$(go env GOMODCACHE 2>/dev/null || echo "$HOME/go/pkg/mod")/go.temporal.io/server@v$version/schema/postgresql/v12"
# The tool logs every statement: into schema.log, shown when a step fails.
sql_tool() {
  "$bin/temporal-sql-tool" --plugin postgres12 --ep "$MOTCUA_TEMPORAL_PG_HOST" -p "$MOTCUA_TEMPORAL_PG_PORT" \
    -u "$MOTCUA_TEMPORAL_PG_USER" ${PGPASSWORD:+--pw "$PGPASSWORD"} --db "$1" "${@:2}" >>"$run/schema.log" 2>&1 \
    || { say "temporal-sql-tool ${*:2} on $1 failed; $run/schema.log ends with:"; tail -n 20 "$run/schema.log" >&2; exit 1; }
}
install_schema() { # database  schema (temporal | visibility)
  local db=$1 schema=$2
  if [ -z "$(psql_at postgres "select 1 from pg_database where datname = '$db'")" ]; then
    sql_tool "$db" create-database
  fi
  if [ -z "$(psql_at "$db" "select to_regclass('public.schema_version')")" ]; then
    sql_tool "$db" setup-schema -v 0.0
  fi
  # Applies only the versions not yet applied: the same command upgrades a cluster to a newer server.
  if [ -d "$module_schema/$schema/versioned" ]; then
    sql_tool "$db" update-schema -d "$module_schema/$schema/versioned"
  else # module cache cleaned since the build: the same folders are embedded in the tool
    sql_tool "$db" update-schema --schema-name "postgresql/v12/$schema"
  fi
}
install_schema "${MOTCUA_TEMPORAL_DB:-temporal}" temporal
install_schema "${MOTCUA_TEMPORAL_VISIBILITY_DB:-temporal_visibility}" visibility

# 3. Start and wait --------------------------------------------------------------------------------
export MOTCUA_TEMPORAL_DYNAMIC_CONFIG="$here/config/dynamicconfig.yaml"
if [ -f "$run/server.pid" ] && kill -0 "$(cat "$run/server.pid")" 2>/dev/null; then
  say "server process $(cat "$run/server.pid") runs but does not answer yet"
else
  nohup "$bin/temporal-server" --root "$here" --config config --env motcua --allow-no-auth start \
    >"$run/server.log" 2>&1 </dev/null &
  echo $! >"$run/server.pid"
fi
for _ in $(seq 1 120); do
  if answers; then
    say "Temporal $version on PostgreSQL $MOTCUA_TEMPORAL_PG_HOST:$MOTCUA_TEMPORAL_PG_PORT (pools $MOTCUA_TEMPORAL_MAX_CONNS + $MOTCUA_TEMPORAL_VISIBILITY_MAX_CONNS per service), pid $(cat "$run/server.pid"), log $run/server.log"
    echo "$address"
    exit 0
  fi
  kill -0 "$(cat "$run/server.pid")" 2>/dev/null || { say "the server exited; its log ($run/server.log) ends with:"; tail -n 30 "$run/server.log" >&2; exit 1; }
  sleep 1
done
say "no answer at $address after 120 s; log: $run/server.log"
exit 1
