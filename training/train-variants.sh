#!/usr/bin/env bash
# Train several of the ablation variants one after another within one budget of minutes, e.g. from a session's
# first minute:   nohup bash training/train-variants.sh 135 r100 r50 > training/runs/variants.out 2>&1 &
# Each variant runs `train-variant.sh <variant> <minutes left - 4>` (4 minutes for its export and lab eval). A
# variant replays S's 19-epoch schedule, which cannot shrink, so train.py refuses one whose probed speed says it
# would not fit (before training anything) and the chain stops there with that message. To stop a chain for a later
# session without losing the epoch in progress: `pkill -TERM -f training/train.py` (train.py saves mid-epoch, exit 4).
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:?usage: train-variants.sh MINUTES VARIANT [VARIANT…]}
shift
[ $# -gt 0 ] || { echo "train-variants: name at least one variant (r0, r50, r100, ccct, cttt)" >&2; exit 2; }
END=$(( $(date +%s) + MINUTES * 60 ))
for v in "$@"; do
  LEFT=$(( (END - $(date +%s)) / 60 - 4 ))
  echo "train-variants: $v with $LEFT minutes for training ($(date +%H:%M))"
  if [ "$LEFT" -lt 10 ]; then echo "train-variants: no time left for $v; the chain ends here" >&2; exit 1; fi
  rc=0
  bash training/train-variant.sh "$v" "$LEFT" || rc=$?
  if [ "$rc" -eq 3 ]; then echo "train-variants: $v diverged (see above); on to the next" >&2; continue; fi
  if [ "$rc" -eq 4 ]; then echo "train-variants: $v was stopped with a checkpoint; this command resumes it" >&2; exit 4; fi
  [ "$rc" -eq 0 ] || { echo "train-variants: $v did not finish (see above); the chain ends here" >&2; exit 1; }
done
echo "train-variants: done ($(date +%H:%M))"
