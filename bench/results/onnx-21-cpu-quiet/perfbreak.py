#!/usr/bin/env python3
"""Where an app's CPU goes, from `perf report --sort dso,sym` lines: shares by category."""
import re, subprocess, sys
from collections import Counter
CATS = [
  ("JPEG decode (libjpeg-turbo inside TensorFlow)", lambda d, s: "tensorflow" in d and re.search(r"jpeg|jsimd|decode_mcu|ycc|upsample|idct|huff|jinit|jdiv|fill_bit_buffer", s, re.I)),
  ("ONNX Runtime (the network)", lambda d, s: "onnxruntime" in d),
  ("TensorFlow, other ops (cast to float, normalise, crop, executor)", lambda d, s: "tensorflow" in d),
  ("kernel: page faults and page zeroing (fresh memory)", lambda d, s: "kernel" in d and re.search(r"page|fault|mm_|memcg|lruvec|folio|charge|rmqueue|zone|vma|mem_cgroup|anon|pte|lru|unmap|tlb|free_pcp|free_unref", s)),
  ("kernel: scheduling, futex, timers", lambda d, s: "kernel" in d and re.search(r"sched|switch|futex|spin|irq|timer|hrtimer|idle|wake|tick|rcu|softirq|enqueue|dequeue|update_|pick_|cpuacct|schedule", s)),
  ("kernel: network and files (Kafka sockets, RocksDB, logs)", lambda d, s: "kernel" in d and re.search(r"tcp|sock|skb|net|ip_|inet|loopback|sys_|copy_|vfs|ext4|file|fs|iov|poll|epoll|read|write|send|recv", s)),
  ("kernel: other", lambda d, s: "kernel" in d),
  ("JIT-compiled Java (Kafka, Streams, serdes, the app)", lambda d, s: "JIT" in d or "perf-" in d),
  ("JVM: memory zeroing for Java objects (Copy::fill_to_memory)", lambda d, s: "libjvm" in d and "fill_to_memory" in s),
  ("JVM: GC", lambda d, s: "libjvm" in d and re.search(r"G1|GC|Mark|Evac|Scan|Oop|Region|Card|Heap|Par|Task|Closure", s)),
  ("JVM: JIT compilers", lambda d, s: "libjvm" in d and re.search(r"Phase|Compile|C2|C1|Node|LRG|IndexSet|Chaitin|Matcher|Parse|Type|PhaseIdeal|Block|Loop|Intrinsic|ciEnv|GraphKit|Register", s)),
  ("JVM: other (interpreter, runtime, stubs)", lambda d, s: "libjvm" in d),
  ("libc memcpy/memset", lambda d, s: "libc" in d and re.search(r"mem(cpy|move|set)", s)),
  ("RocksDB", lambda d, s: "rocksdb" in d.lower()),
  ("allocators and other native", lambda d, s: True),
]
def main(path):
    out = subprocess.run(["perf", "report", "-i", path, "--stdio", "--sort", "dso,sym", "--percent-limit", "0"],
                         capture_output=True, text=True).stdout
    shares = Counter(); total = 0.0
    for line in out.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(\S.*?)\s{2,}\[(.)\]\s+(.*)", line)
        if not m: continue
        p, dso, _, sym = float(m.group(1)), m.group(2), m.group(3), m.group(4)
        total += p
        for name, test in CATS:
            if test(dso, sym):
                shares[name] += p; break
    print(f"{path}: {total:.1f}% classified")
    for name, p in shares.most_common():
        print(f"{p:6.1f}%  {name}")
if __name__ == "__main__":
    for p in sys.argv[1:]: main(p)
