#!/usr/bin/env bash
# A/B of replica variants at 224, alternating in fresh JVMs
OUT=$1; ROUNDS=${ROUNDS:-3}; shift
cd /work/main
uptime > $OUT/uptime-before.txt
for r in $(seq 1 $ROUNDS); do
  for v in "$@"; do
    name=${v%%|*}; rest=${v#*|}; envs=${rest%%|*}; opts=${rest#*|}
    line=$(env $envs bin/mnasnet bench worker-train --width 1.0 --classes 1000 --size 224 --batch 32 --seconds 10 --repetitions 2 $opts 2>>$OUT/worker.log | tail -1)
    echo "{\"round\":$r,\"variant\":\"$name\",\"result\":$line}" >> $OUT/results.jsonl
    echo "round $r $name $(echo $line | grep -o '"imagesPerSecond":[^]]*]') $(echo $line | grep -o '"cpuMsPerImage":[^]]*]')"
  done
done
uptime > $OUT/uptime-after.txt
