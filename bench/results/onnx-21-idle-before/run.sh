#!/bin/bash
# The method of ../onnx-21-quiet-small-batches with five rounds instead of three, on an idle machine,
# main at 3bca9d2 (before calls sized to the cache): the ONNX Runtime engine as the launcher runs it,
# ONNX Runtime called directly, the TensorFlow engine, and the engine with one pooled session only
# (--inference-shards 1). w1.0-224px, batches 1, 2, 8, 32.
# Usage (from the root of a built copy): flock /work/bench.lock run.sh MODEL_DIR OUT_DIR
set -euo pipefail
ROUNDS=5 BATCHES=1,2,8,32 exec bench/scripts/alternate-model-workers.sh "$1" "$2" \
  'engine:--engine onnxruntime' \
  'direct:--onnxruntime-direct' \
  'tensorflow:--engine tensorflow' \
  'engine-pool:--engine onnxruntime --inference-shards 1'
