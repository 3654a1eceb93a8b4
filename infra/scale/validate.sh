#!/usr/bin/env bash
# Checks the deployments that cannot run here (no Docker engine, no Kubernetes cluster):
#   - compose.yaml against the Compose schema (`docker-compose config`, Debian's docker-compose);
#   - kubernetes/motcua.yaml against the Kubernetes 1.33 schemas, strictly (kubernetes-validate, PyPI,
#     which ships the schemas: no download at check time), in a venv kept outside the clone;
#   - that the Temporal config in the ConfigMap is infra/temporal/server/config/ verbatim.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# MOTCUA_SCALE_DIR: another copy of infra/scale (the test of this script checks broken copies).
scale=${MOTCUA_SCALE_DIR:-$root/infra/scale}
say() { echo "infra/scale/validate.sh: $*" >&2; }

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null) >&2
  else
    say "docker-compose is missing (Debian: apt-get install docker-compose)"; exit 1
  fi
fi
POSTGRES_PASSWORD=validate MOTCUA_SESSION_KEY=validate docker-compose -f "$scale/compose.yaml" config -q
say "compose.yaml: valid"

venv=${MOTCUA_VALIDATE_VENV:-$HOME/.cache/motcua/validate-venv}
if [ ! -x "$venv/bin/kubernetes-validate" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q kubernetes-validate==1.37.0 >&2
fi
"$venv/bin/kubernetes-validate" --strict -k 1.33.0 "$scale/kubernetes/motcua.yaml" >&2
say "kubernetes/motcua.yaml: valid for Kubernetes 1.33"

"$venv/bin/python" - "$scale/kubernetes/motcua.yaml" "$root/infra/temporal/server/config" <<'PY'
import sys, yaml, pathlib
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
config = next(d for d in docs if d['kind'] == 'ConfigMap' and d['metadata']['name'] == 'temporal-config')
for name in ('motcua.yaml', 'dynamicconfig.yaml'):
    if config['data'][name] != (pathlib.Path(sys.argv[2]) / name).read_text():
        sys.exit(f'kubernetes/motcua.yaml: ConfigMap temporal-config/{name} differs from infra/temporal/server/config/{name}')
PY
say "kubernetes/motcua.yaml: Temporal config matches infra/temporal/server/config/"
