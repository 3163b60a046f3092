#!/bin/bash
# Alternating children, same hour (the method of ../onnx-21-alternating/run.sh, five rounds): the
# ONNX Runtime engine (launcher default), ONNX Runtime called directly, and the TensorFlow engine,
# each in its own JVM started through bin/mnasnet, w1.0-224px, batches 1,8,32.
# Usage (from the repository root, the model exported by BenchModel.LARGE into MODEL_DIR):
#   flock /work/bench.lock bench/results/onnx-21-quiet/run.sh MODEL_DIR OUT_DIR
set -euo pipefail
model=$1
out=$2
mkdir -p "$out"
uptime > "$out/uptime.txt"
for round in 1 2 3 4 5; do
  for cfg in "engine:--engine onnxruntime" "direct:--onnxruntime-direct" "tensorflow:--engine tensorflow"; do
    name=${cfg%%:*}; args=${cfg#*:}
    echo "round $round $name $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.log"
    bin/mnasnet bench worker-model --model "$model" --batches 1,8,32 --seconds 2 --repetitions 2 $args 2>/dev/null \
      | sed "s/^/$round $name /" >> "$out/results.jsonl"
  done
done
echo "end $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.log"
uptime >> "$out/uptime.txt"
