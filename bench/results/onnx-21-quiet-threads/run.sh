#!/bin/bash
# Alternating children (the method of ../onnx-21-quiet/run.sh, three rounds), the branch's build:
# the ONNX Runtime engine as the launcher runs it (split, one 1-thread session per part), the same
# engine with one session on ONNX Runtime's own intra-op pool (--inference-shards 1), and ONNX
# Runtime called directly; w1.0-224px, batches 1, 8, 32.
# Usage (from the repository root): run.sh MODEL_DIR OUT_DIR
set -euo pipefail
model=$1
out=$2
mkdir -p "$out"
uptime > "$out/uptime.txt"
for round in 1 2 3; do
  for cfg in "engine:--engine onnxruntime" "engine-pool:--engine onnxruntime --inference-shards 1" "direct:--onnxruntime-direct"; do
    name=${cfg%%:*}; args=${cfg#*:}
    echo "round $round $name $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.log"
    bin/mnasnet bench worker-model --model "$model" --batches 1,8,32 --seconds 2 --repetitions 2 $args 2>/dev/null \
      | sed "s/^/$round $name /" >> "$out/results.jsonl"
  done
done
echo "end $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.log"
uptime >> "$out/uptime.txt"
