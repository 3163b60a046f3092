#!/bin/bash
# (first/: the first runs, 22:50-22:52 with the build before this change, calls of N = batch; 16 and 32 at 23:10)
# two single-threaded sessions side by side, one process each, calls of N images (run under the bench lock)
cd /work/main
out=bench/results/onnx-21-cache-sized-calls/two-processes
for b in "$@"; do
  for i in 1 2; do
    bin/mnasnet bench worker-model --model /tmp/onnx4/bm/w1.0-224px --batches $b --seconds 4 --repetitions 2 --engine onnxruntime --inference-shards 1 --intra-op-threads 1 --images-per-call $b 2>/dev/null > $out/par-$b-$i-$(date +%H%M%S).json &
  done
  wait
done
