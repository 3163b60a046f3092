#!/usr/bin/env bash
# bench/snapshot/read-vs-epoch.sh RUN_DIR TRAIN-ARGS...: runs bin/mnasnet train (with --from-kafka and --epochs 1),
# timestamps its output lines and samples
# the JVM's utime+stime (/proc/PID/stat) every 0.2 s, then prints the wall and CPU time of the snapshot
# read (from "Snapshot of" to "Read ...") and of the first epoch (its first progress line to its summary).
# Used for BENCHMARKS.md, "Learning from the stream: reading the snapshot". Run it under flock /work/bench.lock.
set -euo pipefail
run=$1; shift
M="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/bin/mnasnet"
out=$(mktemp); cpu=$(mktemp)
( $M train --run-dir "$run" "$@" 2>&1 | while IFS= read -r line; do echo "$(date +%s.%N) $line"; done > "$out" ) &
sleep 1
pid=$(pgrep -n -f "io.mnasnet.cli.Mnasnet train --run-dir $run" || true)
while kill -0 "$pid" 2>/dev/null; do
  echo "$(date +%s.%N) $(awk '{print $14+$15}' /proc/$pid/stat 2>/dev/null)" >> "$cpu" || true
  sleep 0.2
done
wait
tick=$(getconf CLK_TCK)
python3 - "$out" "$cpu" "$tick" <<'PY'
import sys,bisect
out=[l.split(' ',1) for l in open(sys.argv[1]).read().splitlines() if ' ' in l]
cpu=[tuple(map(float,l.split())) for l in open(sys.argv[2]) if len(l.split())==2]
tick=float(sys.argv[3])
def cpu_at(t):
    ts=[c[0] for c in cpu]; i=max(0,min(len(cpu)-1,bisect.bisect_left(ts,t)))
    return cpu[i][1]/tick
def find(prefix):
    for t,l in out:
        if l.startswith(prefix) or prefix in l: return float(t),l
    return None,None
s,_=find('Snapshot of'); r,rl=find('Read ')
e0,_=find('epoch 1/'); e1,el=find('epoch 1/1:') if find('epoch 1/1:')[0] else find('epoch 1/')
print(rl); print(el)
print("read phase: %.1f s wall, %.1f s CPU" % (r-s, cpu_at(r)-cpu_at(s)))
print("epoch phase: %.1f s wall, %.1f s CPU" % (e1-e0, cpu_at(e1)-cpu_at(e0)))
PY
