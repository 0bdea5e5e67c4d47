#!/usr/bin/env bash
# Retrain the shipped Next-ViT-S on Imagenette in one command, and ship it to the lab:
#   bash training/retrain-nextvit-s.sh [BUDGET_MINUTES=100] [DATASETS=../shared/datasets]
# Makes the venv, the block plan (from the lab's compiler), trains in the background-safe way (checkpoint every
# epoch; run it again after a kill and it resumes), exports float16 safetensors + the manifest entry, and has the
# lab measure its Imagenette val top-1 in Node (written into the manifest).
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET=${1:-100}
DATA=${2:-../shared/datasets}
RUN=training/runs/nextvit-s
bash training/setup.sh
mkdir -p "$RUN"
npm run -s lab -- plan --config S --num-classes 10 --out training/runs/plan-nextvit-s.json
RESUME=()
[ -f "$RUN/last.pt" ] && RESUME=(--resume --refit)
training/.venv/bin/python training/train.py --plan training/runs/plan-nextvit-s.json --out "$RUN" \
  --budget-min "$BUDGET" --train-zip "$DATA/imagenette-160-train.zip" --val-zip "$DATA/imagenette-224-val.zip" "${RESUME[@]}"
training/.venv/bin/python training/export.py --run "$RUN" --id nextvit-s-imagenette \
  --title "Next-ViT-S (Imagenette)" --size S --first
npm run -s lab -- eval --model nextvit-s-imagenette --data "$DATA/imagenette-224-val.zip" --record
