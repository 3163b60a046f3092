#!/usr/bin/env bash
# exploratory alternating runs (not committed figures)
cd /work/wt-replicas
out=/tmp/r23/explore; mkdir -p $out
uptime > $out/uptime-before.txt
for round in 1 2; do
  for v in "1 0" "2 0" "2 4"; do
    set -- $v
    for cfg in "1.0 1000 224 32 10" "0.5 10 32 128 6"; do
      set -- $v $cfg
      bin/mnasnet bench worker-train --replicas $1 --intra-op-threads $2 --width $3 --classes $4 --size $5 --batch $6 --seconds $7 --repetitions 2 >> $out/results.jsonl 2>> $out/log.txt
      echo "round $round r$1 intra$2 $5: $(tail -1 $out/results.jsonl | head -c 300)" >> $out/progress.txt
    done
  done
done
uptime > $out/uptime-after.txt
