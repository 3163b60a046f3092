#!/usr/bin/env python3
"""Medians over rounds of each child's median (images/s, CPU ms/image) from run.sh's results.jsonl,
the engine's ratios against the others, and the per-round ratios (same round = same minute)."""
import json, statistics, sys
from collections import defaultdict
rows = defaultdict(lambda: defaultdict(dict))  # name -> batch -> round -> (ips, cpu)
for line in open(sys.argv[1]):
    rnd, name, js = line.split(" ", 2)
    for m in json.loads(js)["models"]:
        for b in m["batches"]:
            rows[name][b["batch"]][rnd] = (statistics.median(b["imagesPerSecond"]), statistics.median(b["cpuMsPerImage"]))
names = ("engine", "engine-calls-16", "direct", "tensorflow")
def med(n, batch, k):
    return statistics.median(v[k] for v in rows[n][batch].values())
print("| batch | engine images/s (CPU ms/image) | engine, calls of up to 16 | ONNX Runtime direct | TensorFlow engine | engine / calls of 16 | engine / direct | engine / TensorFlow |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for batch in sorted(rows["engine"]):
    e, c, d, t = ((med(n, batch, 0), med(n, batch, 1)) for n in names)
    print(f"| {batch} | {e[0]:.1f} ({e[1]:.2f}) | {c[0]:.1f} ({c[1]:.2f}) | {d[0]:.1f} ({d[1]:.2f}) | {t[0]:.1f} ({t[1]:.2f}) "
          f"| {e[0]/c[0]:.2f}x | {e[0]/d[0]:.2f}x (CPU {d[1]/e[1]:.2f}x less) | {e[0]/t[0]:.2f}x (CPU {t[1]/e[1]:.2f}x less) |")
print()
for batch in sorted(rows["engine"]):
    for other in names[1:]:
        ratios = [rows["engine"][batch][r][0] / rows[other][batch][r][0] for r in sorted(rows["engine"][batch]) if r in rows[other][batch]]
        print(f"batch {batch}: engine / {other} per round: {[round(x, 2) for x in ratios]}")
print()
for batch in sorted(rows["engine"]):
    for n in names:
        print(batch, n, "per round images/s:", [round(v[0], 1) for v in rows[n][batch].values()], "CPU:", [round(v[1], 2) for v in rows[n][batch].values()])
