#!/usr/bin/env bash
# The whole test suite on a fresh machine: set-up, a real PostgreSQL server, the real Temporal
# servers (dev server, time-skipping test server, and the PostgreSQL-backed server of
# infra/temporal/server/ for the vitest project temporal-postgres), type-check, then vitest.
# Extra arguments go to vitest (e.g. `npm test -- tests/calendar`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash infra/setup.sh
bash infra/browser/install.sh
bash infra/faketime/install.sh
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  TEST_DATABASE_URL=$(bash infra/postgres/start.sh)
  export TEST_DATABASE_URL
fi
# The PostgreSQL-backed Temporal server: built once per machine, reused while it runs. No skipping: a failure stops here.
if [ -z "${MOTCUA_TEMPORAL_ADDRESS:-}" ]; then
  MOTCUA_TEMPORAL_ADDRESS=$(bash infra/temporal/server/start.sh)
  export MOTCUA_TEMPORAL_ADDRESS
fi
export MOTCUA_TEMPORAL_CLI=${MOTCUA_TEMPORAL_CLI:-$root/.cache/bin/temporal}
export MOTCUA_TEMPORAL_TEST_SERVER=${MOTCUA_TEMPORAL_TEST_SERVER:-$root/.cache/bin/temporal-test-server}
# pm4py in a cached virtual environment: the export tests read motcua's XES/OCEL with it.
MOTCUA_PYTHON=${MOTCUA_PYTHON:-$(bash infra/python/venv.sh)}
export MOTCUA_PYTHON
npx tsc --noEmit -p .
bash infra/scale/validate.sh
report="$root/.cache/vitest-report.json"
rm -f "$report"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
# One plain closing line that any CI reads: 'tests: N passed, N failed, N skipped'.
if [ -f "$report" ]; then
  node -e 'const r = require(process.argv[1]); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`)' "$report"
fi
exit $status
