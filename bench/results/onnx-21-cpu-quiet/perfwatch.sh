#!/bin/bash
# For each `mnasnet run` app JVM started while a pipeline log's latest case is the 256x256 photo
# JPEG one: perf record (sampling 499 Hz, no call graphs) of that process from 100 s after its
# start, for 60 s, to /tmp/onnx3/perf-<label>-<pid>.data. Stops after 2 apps.
seen=""
done_count=0
while (( done_count < 2 )); do
  for pid in $(pgrep -f "io.mnasnet.cli.Mnasnet run"); do
    [[ " $seen " == *" $pid "* ]] && continue
    seen="$seen $pid"
    home=$(tr '\0' '\n' < /proc/$pid/cmdline | grep -o 'mnasnet.home=[^ ]*' | head -1 | cut -d= -f2)
    label=$(basename "$home")
    log=/tmp/onnx3/pipe-$label.log
    case_line=$(grep "pipeline: " "$log" | grep -v "starting" | tail -1)
    echo "$(date -u +%T) app $pid home $home case: $case_line"
    if [[ "$case_line" == *"256x256 photo JPEG"* ]]; then
      ( sleep 100; perf record -F 499 -p "$pid" -o /tmp/onnx3/perf-$label-$pid.data -- sleep 60 > /tmp/onnx3/perf-$label-$pid.log 2>&1; echo "$(date -u +%T) perf done $pid" ) &
      done_count=$((done_count + 1))
    fi
  done
  sleep 2
done
wait
