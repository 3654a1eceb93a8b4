#!/usr/bin/env bash
# Provisions libfaketime (Debian package `faketime`): `motcua seed --cases` and its test start the
# time-skipping Temporal test server with its clock moved back to the seeded year (LD_PRELOAD).
# Idempotent: a second run does nothing. Installing needs root (apt); without it the script says
# what to run and fails, so a test run never passes without it.
set -euo pipefail
library=${MOTCUA_FAKETIME_LIB:-}
for candidate in "$library" /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 /usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1; do
  if [ -n "$candidate" ] && [ -f "$candidate" ]; then
    exit 0
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "libfaketime not found: run 'sudo apt-get install -y faketime' (or set MOTCUA_FAKETIME_LIB)" >&2
  exit 1
fi
echo "installing faketime (apt)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq faketime >&2
ls /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 >/dev/null 2>&1 || { echo "libfaketime still missing after apt-get" >&2; exit 1; }
