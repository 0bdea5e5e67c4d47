# Sourced by retrain-nextvit-s.sh, train-baseline.sh and train-variant.sh: the tail they share.
#   train_and_ship RUN PLAN RECIPE MINUTES DATA ID TITLE [export.py args…]
# Trains the plan into RUN unless RUN/final.safetensors exists (resuming, re-fitted to MINUTES, when
# RUN/last.pt is there: SIGTERM makes train.py save mid-epoch and exit 4, so a stopped run loses nothing and a
# killed one at most train.py's --save-every-min; exit codes: training/stopping.py), exports float16 safetensors + the
# manifest entry ID, and has the lab measure Imagenette val top-1 in Node (recorded in the manifest).
train_and_ship() {
  local run=$1 plan=$2 recipe=$3 minutes=$4 data=$5 id=$6 title=$7
  shift 7
  local args=(--plan "$plan" --out "$run" --recipe "$recipe" --budget-min "$minutes"
              --train-zip "$data/imagenette-160-train.zip" --val-zip "$data/imagenette-224-val.zip")
  # FOLLOW=log.json: replay that run's epochs and learning rates instead of fitting to MINUTES (train.py --follow).
  if [ -n "${FOLLOW:-}" ]; then args+=(--follow "$FOLLOW"); fi
  # EPOCHS=n: a fixed whole-run schedule of n epochs, never re-fitted (a clean schedule for the variants to follow).
  if [ -n "${EPOCHS:-}" ]; then args+=(--epochs "$EPOCHS"); fi
  if [ ! -f "$run/final.safetensors" ]; then
    if [ -f "$run/last.pt" ]; then args+=(--resume); [ -n "${EPOCHS:-}" ] || args+=(--refit); fi
    local rc=0
    training/.venv/bin/python training/train.py "${args[@]}" || rc=$?
    if [ "$rc" -eq 3 ]; then
      # Diverged (training/divergence.py): nothing to ship; its log stays in the repository as the result.
      mkdir -p training/logs/failed
      cp "$run/log.json" "training/logs/failed/$id.json"
      echo "ship: $id diverged; its log is training/logs/failed/$id.json (npm run bench -- ablation reports it)" >&2
      return 3
    fi
    [ "$rc" -eq 0 ] || return "$rc"
  fi
  training/.venv/bin/python training/export.py --run "$run" --id "$id" --title "$title" "$@"
  npm run -s lab -- eval --model "$id" --data "$data/imagenette-224-val.zip" --record --workers 2
}
