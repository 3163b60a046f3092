#!/usr/bin/env python3
"""Medians over rounds of each child's median (images/s, CPU ms/image), and resident memory after
load, from run.sh's results.jsonl."""
import json, statistics, sys
from collections import defaultdict
rows = defaultdict(lambda: defaultdict(list))  # name -> batch -> [(ips, cpu)]
rss = defaultdict(list)  # name -> [rss after load, MB]
for line in open(sys.argv[1]):
    rnd, name, js = line.split(" ", 2)
    for m in json.loads(js)["models"]:
        rss[name].append(m["rssAfterLoadBytes"] / 1e6)
        for b in m["batches"]:
            rows[name][b["batch"]].append((statistics.median(b["imagesPerSecond"]), statistics.median(b["cpuMsPerImage"])))
names = ("engine", "direct", "tensorflow", "engine-pool")
print("| batch | engine images/s (CPU ms) | ORT direct | TensorFlow engine | engine, one pooled session | engine / direct | engine / TensorFlow |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for batch in sorted(rows["engine"]):
    med = {n: (statistics.median(x[0] for x in rows[n][batch]), statistics.median(x[1] for x in rows[n][batch])) for n in names}
    e, d, t, p = (med[n] for n in names)
    print(f"| {batch} | {e[0]:.1f} ({e[1]:.2f}) | {d[0]:.1f} ({d[1]:.2f}) | {t[0]:.1f} ({t[1]:.2f}) | {p[0]:.1f} ({p[1]:.2f}) | {e[0]/d[0]:.2f}x (CPU {d[1]/e[1]:.2f}x less) | {e[0]/t[0]:.2f}x (CPU {t[1]/e[1]:.2f}x less) |")
print()
for n in names:
    print(n, "resident MB after load, per round:", [round(x, 1) for x in rss[n]], "median", round(statistics.median(rss[n]), 1))
print()
for batch in sorted(rows["engine"]):
    for n in names:
        print(batch, n, "per round images/s:", [round(x[0], 1) for x in rows[n][batch]], "CPU:", [round(x[1], 2) for x in rows[n][batch]])
