#!/usr/bin/env bash
# Make (or refresh) the trainer's virtual environment, training/.venv, from training/requirements.txt.
# Idempotent: when the venv already holds exactly these requirements it does nothing.
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
  && .venv/bin/python -c "import torch, numpy, safetensors, PIL, tqdm" 2>/dev/null; then
  exit 0
fi
if ! "$PY" -c "import sys; sys.exit(sys.version_info < (3, 10))" 2>/dev/null; then
  echo "training/setup.sh: needs Python >= 3.10 as $PY (set PYTHON=/path/to/python3)" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
echo "$want" > "$stamp"
echo "training/setup.sh: training/.venv ready ($(.venv/bin/python -c 'import torch; print("torch", torch.__version__)'))"
