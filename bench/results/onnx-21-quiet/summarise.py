#!/usr/bin/env python3
"""Medians over rounds of each child's median (images/s, CPU ms/image) from run.sh's results.jsonl."""
import json, statistics, sys
from collections import defaultdict
rows = defaultdict(lambda: defaultdict(list))  # name -> batch -> [(ips, cpu)]
for line in open(sys.argv[1]):
    rnd, name, js = line.split(" ", 2)
    for m in json.loads(js)["models"]:
        for b in m["batches"]:
            rows[name][b["batch"]].append((statistics.median(b["imagesPerSecond"]), statistics.median(b["cpuMsPerImage"])))
print("| batch | engine images/s (CPU ms) | ORT direct | TensorFlow engine | engine / direct | engine / TensorFlow |")
print("| --- | --- | --- | --- | --- | --- |")
for batch in sorted(rows["engine"]):
    med = {n: (statistics.median(x[0] for x in rows[n][batch]), statistics.median(x[1] for x in rows[n][batch])) for n in ("engine", "direct", "tensorflow")}
    e, d, t = med["engine"], med["direct"], med["tensorflow"]
    print(f"| {batch} | {e[0]:.1f} ({e[1]:.2f}) | {d[0]:.1f} ({d[1]:.2f}) | {t[0]:.1f} ({t[1]:.2f}) | {e[0]/d[0]:.2f}x (CPU {d[1]/e[1]:.2f}x less) | {e[0]/t[0]:.2f}x (CPU {t[1]/e[1]:.2f}x less) |")
print()
for batch in sorted(rows["engine"]):
    for n in ("engine", "direct", "tensorflow"):
        print(batch, n, "per round images/s:", [round(x[0], 1) for x in rows[n][batch]], "CPU:", [round(x[1], 2) for x in rows[n][batch]])
