#!/bin/bash
# Calls sized to the cache (CacheSizedCalls): the ONNX Runtime engine as the launcher runs it (a
# part of a batch runs as calls of at most 5 images at 224x224), the same engine with calls of up to
# 16 images (--images-per-call 16: what it did before, parts of 16 at batch 32 in one call), ONNX
# Runtime called directly (the peer, its own default threading) and the TensorFlow engine,
# alternating in fresh JVMs, five rounds, batches 1, 8, 32. w1.0-224px (1000 classes, random
# weights).
# Usage (from the root of a built copy): flock /work/bench.lock run.sh MODEL_DIR OUT_DIR
set -euo pipefail
ROUNDS=5 BATCHES=1,8,32 exec bench/scripts/alternate-model-workers.sh "$1" "$2" \
  'engine:--engine onnxruntime' \
  'engine-calls-16:--engine onnxruntime --images-per-call 16' \
  'direct:--onnxruntime-direct' \
  'tensorflow:--engine tensorflow'
