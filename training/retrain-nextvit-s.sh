#!/usr/bin/env bash
# Retrain the shipped Next-ViT-S on Imagenette in one command, and ship it to the lab:
#   bash training/retrain-nextvit-s.sh [STAGE1_MINUTES=110] [STAGE2_MINUTES=114] [STAGE3_MINUTES=112] [DATASETS=../shared/datasets]
# The shipped weights came from three sessions on a 2-core CPU: stage 1 (recipe cpu-short) from random weights,
# stage 2 (cpu-short-2) warm-started from stage 1's last epoch with a fresh schedule, stage 3 (cpu-short-3)
# warm-started from stage 2's chosen (EMA) weights. Each stage checkpoints
# every epoch; run the script again after a kill and it resumes the unfinished stage (re-fitted to its minutes).
# Then it exports float16 safetensors + the manifest entry and has the lab measure Imagenette val top-1 in Node.
set -euo pipefail
cd "$(dirname "$0")/.."
STAGE1=${1:-110}
STAGE2=${2:-114}
STAGE3=${3:-112}
DATA=${4:-../shared/datasets}
RUN1=training/runs/nextvit-s
RUN2=training/runs/nextvit-s-2
RUN3=training/runs/nextvit-s-3
PLAN=training/runs/plan-nextvit-s.json
bash training/setup.sh
mkdir -p "$RUN1" "$RUN2" "$RUN3"
npm run -s lab -- plan --config S --num-classes 10 --out "$PLAN"
ZIPS=(--train-zip "$DATA/imagenette-160-train.zip" --val-zip "$DATA/imagenette-224-val.zip")
train() { training/.venv/bin/python training/train.py --plan "$PLAN" "${ZIPS[@]}" "$@"; }
resume() { [ -f "$1/last.pt" ] && echo --resume --refit || true; }
if [ ! -f "$RUN1/final.safetensors" ]; then
  train --out "$RUN1" --recipe cpu-short --budget-min "$STAGE1" $(resume "$RUN1")
fi
if [ ! -f "$RUN2/final.safetensors" ]; then
  if [ -f "$RUN2/last.pt" ]; then
    train --out "$RUN2" --recipe cpu-short-2 --budget-min "$STAGE2" --resume --refit
  else
    train --out "$RUN2" --recipe cpu-short-2 --budget-min "$STAGE2" --init "$RUN1/last.pt"
  fi
fi
if [ ! -f "$RUN3/final.safetensors" ]; then
  if [ -f "$RUN3/last.pt" ]; then
    train --out "$RUN3" --recipe cpu-short-3 --budget-min "$STAGE3" --resume --refit
  else
    train --out "$RUN3" --recipe cpu-short-3 --budget-min "$STAGE3" --init "$RUN2/final.safetensors"
  fi
fi
training/.venv/bin/python training/export.py --run "$RUN3" --id nextvit-s-imagenette \
  --title "Next-ViT-S (Imagenette)" --size S --first
npm run -s lab -- eval --model nextvit-s-imagenette --data "$DATA/imagenette-224-val.zip" --record
