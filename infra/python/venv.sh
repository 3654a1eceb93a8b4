#!/usr/bin/env bash
# A Python virtual environment with pm4py, the process-mining library the export tests read
# motcua's XES and OCEL files with (an independent reader: no one here wrote it).
# Cached under .cache/python-venv; re-created when the pinned requirements change.
# Prints the venv's python path on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/.cache/python-venv"
requirements="$root/infra/python/requirements.txt"
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
  cp "$requirements" "$stamp"
fi
echo "$venv/bin/python"
