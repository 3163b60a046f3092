#!/bin/bash
# Alternating children, same hour: the ONNX Runtime engine (launcher default), ONNX Runtime called
# directly, and the TensorFlow engine, each in its own JVM, three rounds, w1.0-224px, batches 1,8,32.
cd /work/wt-onnx
out=/tmp/bench-runs/alt
for round in 1 2 3; do
  for cfg in "engine:--engine onnxruntime" "direct:--onnxruntime-direct" "tensorflow:--engine tensorflow"; do
    name=${cfg%%:*}; args=${cfg#*:}
    echo "round $round $name $(cat /proc/loadavg)" >&2
    bin/mnasnet bench worker-model --model /tmp/bm/w1.0-224px --batches 1,8,32 --seconds 2 --repetitions 2 $args 2>/dev/null \
      | sed "s/^/$round $name /"
  done
done
