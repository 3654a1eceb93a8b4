#!/usr/bin/env bash
# Schemathesis (PyPI) in a virtual environment under .cache/, for the fuzz test and `npm run fuzz`.
# Idempotent: an existing venv with the pinned version is kept. Prints the `st` path.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=4.32.5
venv="$root/.cache/schemathesis"
if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$version"; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" >&2
fi
echo "$venv/bin/st"
