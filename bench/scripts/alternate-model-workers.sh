#!/usr/bin/env bash
# Engines side by side on one model version: each round runs one `mnasnet bench worker-model` child
# JVM per variant, the variants alternating, so that whatever else the machine does falls on all of
# them. Run it alone (`flock /work/bench.lock` on shared machines), from a built copy.
#
#   bench/scripts/alternate-model-workers.sh MODEL_DIR OUT 'NAME:WORKER OPTIONS' ...
#   e.g. ... w1.0-224px out 'engine:--engine onnxruntime' 'direct:--onnxruntime-direct'
#   ROUNDS=5 BATCHES=1,8,32 SECONDS_PER_REPETITION=2 REPETITIONS=2 to change the timing
#
# Appends to OUT/results.jsonl one line per child, "ROUND NAME {worker JSON}"; OUT/progress.txt
# says when each child started and the load; OUT/uptime.txt the load before and after.
set -euo pipefail
if (($# < 3)); then
  echo "usage: $0 MODEL_DIR OUT 'NAME:WORKER OPTIONS' ..." >&2
  exit 2
fi
HOME_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
model=$1
out=$2
shift 2
mkdir -p "$out"
uptime > "$out/uptime.txt"
for round in $(seq 1 "${ROUNDS:-5}"); do
  for variant in "$@"; do
    name=${variant%%:*}
    options=${variant#*:}
    echo "round $round $name $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.txt"
    # shellcheck disable=SC2086
    "$HOME_DIR/bin/mnasnet" bench worker-model --model "$model" --batches "${BATCHES:-1,8,32}" \
      --seconds "${SECONDS_PER_REPETITION:-2}" --repetitions "${REPETITIONS:-2}" $options 2>/dev/null \
      | sed "s/^/$round $name /" >> "$out/results.jsonl"
  done
done
echo "end $(date -u +%H:%M:%S) load $(cat /proc/loadavg)" >> "$out/progress.txt"
uptime >> "$out/uptime.txt"
