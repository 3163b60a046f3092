#!/usr/bin/env bash
# Replicas change speed, not learning: a short Fashion-MNIST run (3 epochs, global batch 128,
# the default recipe) with
# 1 and with 2 data-parallel replicas, 3 seeds each, same recipe; prints the validation top-1 of
# every run and writes them to OUT/accuracy.tsv. Needs the built project and Debian's
# dataset-fashion-mnist. About 40 minutes on 2 cores.
#
#   bench/scripts/replica-accuracy.sh [OUT]   (default: bench-results/replica-accuracy)
#   VARIANTS="1 2 2-sync" to choose what runs: a number of replicas with per-replica batch norm, or
#   N-sync for N replicas with --sync-batch-norm (default "1 2")
#
# Runs already in OUT/accuracy.tsv (all epochs of a replicas/seed pair) are kept and not repeated,
# so an interrupted comparison can be finished later.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:-$HOME_DIR/bench-results/replica-accuracy}"
EPOCHS="${EPOCHS:-3}"
mkdir -p "$OUT"
if [[ ! -f "$OUT/accuracy.tsv" ]]; then
  printf 'replicas\tseed\tepoch\tval_top1\tval_loss\timages_per_second\twall_seconds\n' > "$OUT/accuracy.tsv"
fi
VARIANTS="${VARIANTS:-1 2}"
for seed in 1 2 3; do
  for replicas in $VARIANTS; do
    if awk -F'\t' -v r="$replicas" -v s="$seed" -v e="$EPOCHS" \
      '$1 == r && $2 == s && $3 == e { found = 1 } END { exit !found }' "$OUT/accuracy.tsv"; then
      echo "replicas $replicas, seed $seed: already in $OUT/accuracy.tsv"
      continue
    fi
    # a run cut short left part of its epochs: drop them before running it again
    awk -F'\t' -v r="$replicas" -v s="$seed" '!($1 == r && $2 == s)' "$OUT/accuracy.tsv" \
      > "$OUT/accuracy.tsv.tmp" && mv "$OUT/accuracy.tsv.tmp" "$OUT/accuracy.tsv"
    run="$OUT/runs/r$replicas-s$seed"
    rm -rf "$run"
    # the default recipe (Nesterov SGD, lr 0.05, 1 warm-up epoch then cosine, label smoothing 0.1)
    sync=()
    if [[ "$replicas" == *-sync ]]; then
      sync=(--sync-batch-norm)
    fi
    "$HOME_DIR/bin/mnasnet" train --width 0.5 --epochs "$EPOCHS" --batch-size 128 \
      --seed "$seed" --threads 2 --replicas "${replicas%-sync}" "${sync[@]}" --run-dir "$run" --quiet
    python3 - "$run/log.jsonl" "$replicas" "$seed" >> "$OUT/accuracy.tsv" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("type") == "epoch":
        print(f"{sys.argv[2]}\t{sys.argv[3]}\t{r['epoch']}\t{r['val_top1']:.4f}\t{r['val_loss']:.4f}\t{r['images_per_second']:.1f}\t{r['wall_seconds']:.1f}")
PY
    tail -1 "$OUT/accuracy.tsv"
  done
done
