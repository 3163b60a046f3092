#!/bin/bash
# Same-run A/B of the ONNX Runtime engine on encoded 256x256 photo JPEGs (the preprocessing graph,
# then ONNX Runtime), w0.5-224px, batch 32: BASE (main before the change) and NEW (the branch),
# children alternating, three rounds; then one run of each under async-profiler (not timed).
# Usage: run.sh BASE_HOME NEW_HOME MODEL_DIR JPEG_DIR OUT_DIR PROFILER_SO
set -euo pipefail
base=$1; new=$2; model=$3; jpegs=$4; out=$5; profiler=$6
mkdir -p "$out/profiles"
uptime > "$out/uptime.txt"
for round in 1 2 3; do
  for side in base new; do
    home=$base; [[ $side == new ]] && home=$new
    echo "round $round $side $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.log"
    (cd "$home" && bin/mnasnet bench worker-model --model "$model" --batches 32 --seconds 3 \
      --repetitions 3 --engine onnxruntime --encoded-images "$jpegs" 2>/dev/null) \
      | sed "s/^/$round $side /" >> "$out/results.jsonl"
  done
done
uptime >> "$out/uptime.txt"
for side in base new; do
  home=$base; [[ $side == new ]] && home=$new
  echo "profile $side $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.log"
  (cd "$home" && MNASNET_JAVA_OPTS="-agentpath:$profiler=start,event=cpu,interval=2ms,collapsed,file=$out/profiles/$side.collapsed" \
    bin/mnasnet bench worker-model --model "$model" --batches 32 --seconds 10 --repetitions 2 \
      --engine onnxruntime --encoded-images "$jpegs" 2>/dev/null) > "$out/profiles/$side.json"
done
echo "end $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.log"
