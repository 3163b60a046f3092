#!/usr/bin/env bash
# profile.sh MODEL JPEG_DIR OUT: perf profile of the ONNX Runtime worker calling the encoded path
# (decode + preprocessing in TensorFlow, then the model) on batches of 32, 10 s after a 12 s warm-up.
set -euo pipefail
MODEL=$1; JPEGS=$2; OUT=$3
cd "$(dirname "$0")/../../.."
bin/mnasnet bench worker-model --model $MODEL --engine onnxruntime --batches 32 --seconds 25 --repetitions 1 --encoded-images $JPEGS > $OUT/worker.out 2> $OUT/worker.err &
sleep 12
PID=$(pgrep -f "worker-model --model $MODEL" | head -1)
perf record -F 499 -g -p $PID -o $OUT/perf.data -- sleep 10 2> $OUT/perf.err
wait
