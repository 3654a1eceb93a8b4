#!/usr/bin/env bash
# Everything a fresh machine needs before motcua runs: node modules and the Temporal binaries.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing node modules…" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
bash infra/temporal/install.sh >&2
