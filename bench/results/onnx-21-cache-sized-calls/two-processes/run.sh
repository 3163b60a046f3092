#!/bin/bash
# Two single-threaded ONNX Runtime sessions side by side, one process each (one per core, as the
# engine's two parts of a batch run), each calling the model with N images per call, for each N
# given; the model: w1.0-224px. (first/: the first runs, 22:50-22:52 with the build before calls
# were sized, calls of N = batch; 16 and 32 at 23:10.)
# Usage (from the root of a built copy, under the bench lock): run.sh MODEL_DIR OUT_DIR N ...
set -euo pipefail
model=$1
out=$2
shift 2
mkdir -p "$out"
for n in "$@"; do
  for process in 1 2; do
    bin/mnasnet bench worker-model --model "$model" --batches "$n" --seconds 4 --repetitions 2 \
      --engine onnxruntime --inference-shards 1 --intra-op-threads 1 --images-per-call "$n" \
      2>/dev/null > "$out/par-$n-$process-$(date +%H%M%S).json" &
  done
  wait
done
