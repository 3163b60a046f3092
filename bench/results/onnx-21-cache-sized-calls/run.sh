#!/bin/bash
# Calls sized to the cache (CacheSizedCalls): the ONNX Runtime engine as the launcher runs it (a
# part of a batch runs as calls of at most 5 images at 224x224), the same engine with calls of up to
# 16 images (--images-per-call 16: what it did before, parts of 16 at batch 32 in one call), ONNX
# Runtime called directly (the peer, its own default threading) and the TensorFlow engine,
# alternating in fresh JVMs, five rounds. w1.0-224px (1000 classes, random weights).
# Usage (from the root of a built copy): flock /work/bench.lock run.sh MODEL_DIR OUT_DIR
set -euo pipefail
model=$1
out=$2
mkdir -p "$out"
uptime > "$out/uptime.txt"
for round in 1 2 3 4 5; do
  for cfg in "engine:--engine onnxruntime" "engine-calls-16:--engine onnxruntime --images-per-call 16" "direct:--onnxruntime-direct" "tensorflow:--engine tensorflow"; do
    name=${cfg%%:*}; args=${cfg#*:}
    echo "round $round $name $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.txt"
    bin/mnasnet bench worker-model --model "$model" --batches 1,8,32 --seconds 2 --repetitions 2 $args 2>/dev/null \
      | sed "s/^/$round $name /" >> "$out/results.jsonl"
  done
done
echo "end $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.txt"
uptime >> "$out/uptime.txt"
