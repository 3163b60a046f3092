#!/bin/bash
# Alternating children (the method of ../onnx-21-quiet/run.sh, three rounds instead of five: time box), the branch onnx4's
# build (calls with fewer images than parts run whole on a pooled session): the ONNX Runtime engine
# as the launcher runs it, ONNX Runtime called directly, the TensorFlow engine, and the engine with
# one pooled session only (--inference-shards 1: its resident memory against the engine's three
# sessions gives a session's cost; its batch-2 rate says whether two images should be pooled too).
# w1.0-224px, batches 1, 2, 8, 32.
# Usage (from the root of a built copy): flock /work/bench.lock run.sh MODEL_DIR OUT_DIR
set -euo pipefail
ROUNDS=3 BATCHES=1,2,8,32 exec bench/scripts/alternate-model-workers.sh "$1" "$2" \
  'engine:--engine onnxruntime' \
  'direct:--onnxruntime-direct' \
  'tensorflow:--engine tensorflow' \
  'engine-pool:--engine onnxruntime --inference-shards 1'
