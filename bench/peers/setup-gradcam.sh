#!/usr/bin/env bash
# The bench-only venv bench/.venv-gradcam for the PyTorch peer with pytorch-grad-cam (issue 18): `grad-cam` from PyPI
# needs torchvision, and PyPI's torchvision does not import beside the trainer's torch 2.13.0+cpu, so this venv takes
# torch 2.14.1 + torchvision 0.29.1 (on this machine's disk for Python 3.11: a CUDA build, 5.5 GB, that runs on the
# CPU). Not part of the test command; `npm run bench -- --install-gradcam` runs it, and the bench's PyTorch peer is
# then this venv's torch with pytorch-grad-cam (else the trainer's torch with the same recipe written out).
# Idempotent: does nothing when the venv already imports everything.
set -euo pipefail
cd "$(dirname "$0")/.."
V=.venv-gradcam
PY=${PYTHON:-python3}
if [ -x "$V/bin/python" ] && "$V/bin/python" -c "import torch, torchvision, pytorch_grad_cam, numpy" 2>/dev/null; then
  exit 0
fi
[ -x "$V/bin/python" ] || "$PY" -m venv "$V"
"$V/bin/python" -m pip install --quiet --disable-pip-version-check torch==2.14.1 torchvision==0.29.1
"$V/bin/python" -m pip install --quiet --disable-pip-version-check grad-cam numpy
echo "bench/peers/setup-gradcam.sh: bench/$V ready ($("$V/bin/python" -c 'import torch, importlib.metadata as m; print("torch", torch.__version__, "grad-cam", m.version("grad-cam"))'))"
