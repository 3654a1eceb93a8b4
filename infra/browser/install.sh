#!/usr/bin/env bash
# Provisions the browser the page tests drive: Debian's chromium at /usr/bin/chromium (playwright-core
# launches it by path; no browser download from a CDN). Idempotent: a second run does nothing.
# Installing needs root (apt); without it the script says what to run and fails, so a test run
# never passes without the browser.
set -euo pipefail
browser=${MOTCUA_CHROMIUM:-/usr/bin/chromium}
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium not found at $browser: run 'sudo apt-get install -y chromium' (or set MOTCUA_CHROMIUM)" >&2
  exit 1
fi
echo "installing chromium (apt)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium fonts-dejavu-core >&2
[ -x "$browser" ] || { echo "chromium still missing at $browser after apt-get" >&2; exit 1; }
