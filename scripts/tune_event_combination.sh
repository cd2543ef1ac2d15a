#!/bin/bash
# Out-of-fold figures of the rules+classifier combination over the whole read halves, so that the
# combination's thresholds are tuned on data the model never saw and the check halves stay unread.
# usage: scripts/tune_event_combination.sh [combined|classifier|rules] [policy options, e.g. --retype 0.6]
# Fold models (trained without one third of the read halves) are built once into $WORK.
# KEEP=FILE keeps the pooled out-of-fold predictions there (to study the read half's errors).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}; WORK=${WORK:-${TMPDIR:-/tmp}/newsmap-event-folds}
S=$SHARED/eval/score_events.py; D=$SHARED/data/events-dev; PY=.venv/bin/python
mode=${1:-combined}; shift || true
mkdir -p "$WORK"
for k in 0 1 2; do
  [ -f "$WORK/fold$k.npz" ] || $PY scripts/train_event_classifier.py --shared "$SHARED" \
      --leave-out-fold $k --fold-dir "$WORK/fold$k" --out "$WORK/fold$k.npz" >/dev/null
done
run="$WORK/run-$$"; mkdir -p "$run"
for k in 0 1 2; do
  if [ "$mode" = rules ]; then cmd="$PY scripts/classify_events.py --mode rules"
  else cmd="$PY scripts/classify_events.py --mode $mode --model $WORK/fold$k.npz $*"; fi
  $PY "$S" "$WORK/fold$k/acled-dev.jsonl" "$WORK/fold$k/case2021-dev.jsonl" --cmd "$cmd" \
      --save-pred "$run/$k" >/dev/null 2>&1 &
done
wait
cat "$run"/*/*.jsonl > "$run/all.jsonl"
$PY "$S" "$D/acled-dev.jsonl" "$D/case2021-dev.jsonl" --pred "$run/all.jsonl" --half read | tail -4
[ -z "${KEEP:-}" ] || cp "$run/all.jsonl" "$KEEP"
rm -rf "$run"
