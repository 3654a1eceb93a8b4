#!/usr/bin/env bash
# The whole test suite on a fresh machine: set-up, a real PostgreSQL server, the real Temporal
# servers (dev server and time-skipping test server), type-check, then vitest.
# Extra arguments go to vitest (e.g. `npm test -- tests/calendar`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash infra/setup.sh
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  TEST_DATABASE_URL=$(bash infra/postgres/start.sh)
  export TEST_DATABASE_URL
fi
export MOTCUA_TEMPORAL_CLI=${MOTCUA_TEMPORAL_CLI:-$root/.cache/bin/temporal}
export MOTCUA_TEMPORAL_TEST_SERVER=${MOTCUA_TEMPORAL_TEST_SERVER:-$root/.cache/bin/temporal-test-server}
# Tests that need a service fail (never skip) when it is missing.
export MOTCUA_REQUIRE_SERVICES=1
npx tsc --noEmit -p .
npx vitest run "$@"
