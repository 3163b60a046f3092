#!/usr/bin/env python3
"""profiles/java-frames.txt: each sample of a collapsed-stack profile counted under the deepest
frame of its stack that is Java code of the project, ONNX Runtime, TensorFlow or the JDK's buffers."""
import gzip
from collections import Counter

PREFIXES = ("io/mnasnet", "ai/onnxruntime", "org/tensorflow", "java/nio", "jdk/internal")

with open("profiles/java-frames.txt", "w") as out:
    for side in ("base", "new"):
        counts, total = Counter(), 0
        for line in gzip.open(f"profiles/{side}.collapsed.gz", "rt"):
            stack, _, n = line.rstrip().rpartition(" ")
            n = int(n)
            total += n
            frames = stack.split(";")
            key = next((f for f in reversed(frames) if f.startswith(PREFIXES)),
                       "(no Java frame: JIT compilers, GC, TensorFlow's own threads) ")
            counts[key] += n
        out.write(f"{side}: {total} samples (async-profiler 4.1, cpu, 2 ms), by the deepest Java frame of each stack\n")
        for key, n in counts.most_common(12):
            out.write("  %5.1f%% %s\n" % (100 * n / total, key))
        out.write("\n")
