#!/bin/bash
# 32x32, batch 1: the engine as the launcher runs it, the engine with one single-threaded session,
# ONNX Runtime called directly (its default two-thread pool); four rounds alternating, three
# repetitions of 2 s. MODEL_DIR: w0.5-32px (the shipped model's shape).
# Usage (from the root of a built copy): flock /work/bench.lock run.sh MODEL_DIR OUT_DIR
set -euo pipefail
ROUNDS=4 BATCHES=1 REPETITIONS=3 exec bench/scripts/alternate-model-workers.sh "$1" "$2" \
  'engine:--engine onnxruntime' \
  'one-thread:--engine onnxruntime --inference-shards 1 --intra-op-threads 1' \
  'direct:--onnxruntime-direct'
