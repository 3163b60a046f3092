#!/usr/bin/env bash
# Replicas change speed, not learning: a short Fashion-MNIST run (3 epochs, global batch 128,
# the default recipe) with
# 1 and with 2 data-parallel replicas, 3 seeds each, same recipe; prints the validation top-1 of
# every run and writes them to OUT/accuracy.tsv. Needs the built project and Debian's
# dataset-fashion-mnist. About 40 minutes on 2 cores.
#
#   bench/scripts/replica-accuracy.sh [OUT]   (default: bench-results/replica-accuracy)
set -euo pipefail
HOME_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:-$HOME_DIR/bench-results/replica-accuracy}"
EPOCHS="${EPOCHS:-3}"
mkdir -p "$OUT"
printf 'replicas\tseed\tepoch\tval_top1\tval_loss\timages_per_second\twall_seconds\n' > "$OUT/accuracy.tsv"
for seed in 1 2 3; do
  for replicas in 1 2; do
    run="$OUT/runs/r$replicas-s$seed"
    rm -rf "$run"
    # the default recipe (Nesterov SGD, lr 0.05, 1 warm-up epoch then cosine, label smoothing 0.1)
    "$HOME_DIR/bin/mnasnet" train --width 0.5 --epochs "$EPOCHS" --batch-size 128 \
      --seed "$seed" --threads 2 --replicas "$replicas" --run-dir "$run" --quiet
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
