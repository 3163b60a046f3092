#!/usr/bin/env bash
# Data-parallel replicas on a CPU, against one replica: training images/s and CPU time per image
# (the worker process's user + system time from /proc, loader threads included) of
# `mnasnet bench worker-train` (the training loop's own step, default recipe, standard augmentation)
# for each variant below, the variants alternating round by round in fresh JVMs so that the load of
# a shared machine falls on all of them. Run it alone: `flock /work/bench.lock` on shared machines.
# Needs the built project (bench jar included).
#
#   bench/scripts/replica-speed.sh [OUT]   (default: bench-results/replica-speed)
#   ROUNDS=3 SECONDS_224=10 SECONDS_32=6 REPETITIONS=2 to change the timing
#
# Writes OUT/results.jsonl (one worker result per line, with its variant), OUT/summary.tsv
# (medians per variant and the per-round ratios against one replica) and the load before/after.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:-$HOME_DIR/bench-results/replica-speed}"
ROUNDS="${ROUNDS:-3}"
REPETITIONS="${REPETITIONS:-2}"
mkdir -p "$OUT"
: > "$OUT/results.jsonl"
uptime > "$OUT/uptime-before.txt"
# shape: width classes size batch seconds
SHAPES=("1.0 1000 224 32 ${SECONDS_224:-10}" "0.5 10 32 128 ${SECONDS_32:-6}")
# variant: label and worker options
VARIANTS=("1-replica|--replicas 1" "2-replicas|--replicas 2" "2-replicas-sync-bn|--replicas 2 --sync-batch-norm")
for round in $(seq 1 "$ROUNDS"); do
  for shape in "${SHAPES[@]}"; do
    read -r width classes size batch seconds <<< "$shape"
    for variant in "${VARIANTS[@]}"; do
      label="${variant%%|*}"
      options="${variant#*|}"
      # shellcheck disable=SC2086
      line=$("$HOME_DIR/bin/mnasnet" bench worker-train --width "$width" --classes "$classes" \
        --size "$size" --batch "$batch" --seconds "$seconds" --repetitions "$REPETITIONS" \
        $options 2>> "$OUT/worker.log" | tail -1)
      printf '{"round":%d,"variant":"%s","size":%d,"result":%s}\n' \
        "$round" "$label" "$size" "$line" >> "$OUT/results.jsonl"
      echo "round $round, ${size}px, $label: $(printf '%s' "$line" | head -c 160)"
    done
  done
done
uptime > "$OUT/uptime-after.txt"
python3 - "$OUT/results.jsonl" > "$OUT/summary.tsv" <<'PY'
import json, statistics, sys
from collections import defaultdict
rows = [json.loads(l) for l in open(sys.argv[1])]
rates, cpu, per_round = defaultdict(list), defaultdict(list), defaultdict(dict)
for r in rows:
    key = (r["size"], r["variant"])
    rates[key] += r["result"]["imagesPerSecond"]
    cpu[key] += r["result"]["cpuMsPerImage"]
    per_round[key][r["round"]] = statistics.median(r["result"]["imagesPerSecond"])
print("size\tvariant\timages_per_s_median\tmin\tmax\tcpu_ms_per_image_median\tmin\tmax"
      "\tratio_of_medians\tper_round_ratios")
for (size, variant) in sorted(rates, key=lambda k: (-k[0], k[1])):
    one = (size, "1-replica")
    ratio = statistics.median(rates[(size, variant)]) / statistics.median(rates[one])
    rounds = [per_round[(size, variant)][k] / per_round[one][k]
              for k in sorted(per_round[(size, variant)]) if k in per_round[one]]
    print(f"{size}\t{variant}\t{statistics.median(rates[(size, variant)]):.1f}"
          f"\t{min(rates[(size, variant)]):.1f}\t{max(rates[(size, variant)]):.1f}"
          f"\t{statistics.median(cpu[(size, variant)]):.2f}\t{min(cpu[(size, variant)]):.2f}"
          f"\t{max(cpu[(size, variant)]):.2f}\t{ratio:.2f}"
          f"\t{','.join(f'{x:.2f}' for x in rounds)}")
PY
cat "$OUT/summary.tsv"
