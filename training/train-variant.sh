#!/usr/bin/env bash
# Train one of the paper's Next-ViT-S ablations on Imagenette and ship it to the lab, in one command:
#   bash training/train-variant.sh <r0|r50|r100|ccct|cttt> [MINUTES=135] [DATASETS=../shared/datasets]
# r0 / r50 / r100: the NTB shrink ratio r (mix_block_ratio; 0 = no E-MHSA, 1 = no MHCA; the paper's S has 0.75).
# ccct / cttt: the stage-wise strategies C-C-C-T and C-T-T-T against the Next Hybrid Strategy (NHS).
# Everything else is Next-ViT-S (stages' widths and depths), trained with the shipped S's recipe (RECIPE, default
# the one named in S's log, one run from random weights) and S's exact schedule: FOLLOW (default S's log) replays its 19 epochs,
# sizes and per-step learning rates (train.py --follow), so only the architecture differs. (A minutes budget would not
# do: the host's speed varies, S ran 22-29 img/s on its day and 45-61 on a later host.) FOLLOW= fits to MINUTES instead.
# Checkpoints every epoch: run it again after a kill and it resumes where it stopped.
# Then: int8 safetensors (stages 3-4; the rest float16: training/int8_check.py) + manifest entry `nextvit-s-<variant>-imagenette` whose config holds what differs
# from the paper's S (the studio finds it by that config), and Imagenette val top-1 measured by the lab.
set -euo pipefail
cd "$(dirname "$0")/.."
VARIANT=${1:?usage: train-variant.sh <r0|r50|r100|ccct|cttt> [MINUTES] [DATASETS]}
MINUTES=${2:-135}
DATA=${3:-../shared/datasets}
export FOLLOW=${FOLLOW-training/logs/nextvit-s-imagenette.json}
# S's recipe, read from the log it follows (train.py refuses to follow a run of another recipe); FOLLOW= : S's recipe
# as training/recipes.py names it.
if [ -n "$FOLLOW" ]; then DEFAULT_RECIPE=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["recipe_name"])' "$FOLLOW")
else DEFAULT_RECIPE=$(python3 -c 'import sys; sys.path.insert(0, "training"); from recipes import NEXTVIT_RECIPE; print(NEXTVIT_RECIPE)'); fi
RECIPE=${RECIPE:-$DEFAULT_RECIPE}
case "$VARIANT" in
  r0) CFG='{"preset": "S", "mix_block_ratio": 0}'; TITLE="Next-ViT-S, r = 0 (Imagenette)" ;;
  r50) CFG='{"preset": "S", "mix_block_ratio": 0.5}'; TITLE="Next-ViT-S, r = 0.5 (Imagenette)" ;;
  r100) CFG='{"preset": "S", "mix_block_ratio": 1}'; TITLE="Next-ViT-S, r = 1 (Imagenette)" ;;
  ccct) CFG='{"preset": "S", "strategy": "C-C-C-T"}'; TITLE="Next-ViT-S, C-C-C-T (Imagenette)" ;;
  cttt) CFG='{"preset": "S", "strategy": "C-T-T-T"}'; TITLE="Next-ViT-S, C-T-T-T (Imagenette)" ;;
  *) echo "train-variant: unknown variant $VARIANT (r0, r50, r100, ccct or cttt)" >&2; exit 2 ;;
esac
ID=nextvit-s-$VARIANT-imagenette
RUN=training/runs/nextvit-s-$VARIANT
PLAN=training/runs/plan-nextvit-s-$VARIANT.json
BASE=training/runs/plan-nextvit-s.json
bash training/setup.sh
mkdir -p "$RUN"
echo "$CFG" > "$RUN/config.json"
npm run -s lab -- plan --config "$RUN/config.json" --num-classes 10 --out "$PLAN"
npm run -s lab -- plan --config S --num-classes 10 --out "$BASE"
# The manifest's config: only what differs from the paper's S, in the lab's (camelCase) names.
EXPORT_CFG=$(training/.venv/bin/python -c '
import json, sys
v, s = (json.load(open(p)) for p in sys.argv[1:3])
print(json.dumps({k: v[k] for k in ("mixBlockRatio", "stages") if v[k] != s[k]}))' "$PLAN" "$BASE")
# Room in public/models/ for the int8 file (training/room.py): a warning only, since a refused export loses nothing
# (the weights stay in $RUN and this command exports them once there is room).
training/.venv/bin/python training/room.py --plan "$PLAN" --id "$ID" --int8 \
  || echo "train-variant: training $VARIANT anyway; its export will wait for room (see above)" >&2
source training/ship.sh
train_and_ship "$RUN" "$PLAN" "$RECIPE" "$MINUTES" "$DATA" "$ID" "$TITLE" --size S --config "$EXPORT_CFG" --int8
