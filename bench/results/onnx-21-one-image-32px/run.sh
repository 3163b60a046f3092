#!/bin/bash
# 32x32 batch 1: the engine (pooled two-thread session), one single-threaded session, ONNX Runtime direct; alternating
set -euo pipefail
out=$1; mkdir -p $out; uptime > $out/uptime.txt
for round in 1 2 3 4; do
  for cfg in "engine:--engine onnxruntime" "one-thread:--engine onnxruntime --inference-shards 1 --intra-op-threads 1" "direct:--onnxruntime-direct"; do
    name=${cfg%%:*}; args=${cfg#*:}
    bin/mnasnet bench worker-model --model /tmp/bm/w0.5-32px --batches 1 --seconds 2 --repetitions 3 $args 2>/dev/null | sed "s/^/$round $name /" >> $out/results.jsonl
  done
done
uptime >> $out/uptime.txt
