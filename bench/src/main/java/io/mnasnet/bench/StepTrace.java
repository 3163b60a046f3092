package io.mnasnet.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntToLongFunction;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

/**
 * Where the time of traced Session runs went, from TensorFlow's own step statistics ({@code
 * RunOptions} with a software trace): per device the summed op time, how much of the run's span had
 * ops running at all and how many at once, each device's forward pass (with the updates) and
 * backward pass, the costliest op types, and which ops ran alone (the serial part of a step, where
 * one core waits for the other). It answers "are the replicas actually running side by side, and on
 * how many cores?" without a native profiler.
 */
final class StepTrace {

  private record Interval(long start, long end, String device, String node, String op) {
    long micros() {
      return end - start;
    }
  }

  private final List<Interval> intervals = new ArrayList<>();
  private final List<Long> runMicros = new ArrayList<>();

  /** Adds one run's statistics and its wall-clock time seen by the caller. */
  void add(StepStats stats, long wallMicros) {
    runMicros.add(wallMicros);
    for (DeviceStepStats device : stats.getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        long start = node.getAllStartMicros();
        long end = start + Math.max(0, node.getAllEndRelMicros());
        intervals.add(
            new Interval(
                start,
                end,
                shortDevice(device.getDevice()),
                node.getNodeName(),
                opType(node.getTimelineLabel(), node.getNodeName())));
      }
    }
  }

  /** The breakdown, as text lines. */
  String summary() {
    StringBuilder out = new StringBuilder();
    int runs = runMicros.size();
    long wall = runMicros.stream().mapToLong(Long::longValue).sum();
    long opTime = intervals.stream().mapToLong(Interval::micros).sum();
    out.append(
        String.format(
            Locale.ROOT,
            "traced runs: %d, wall %.1f ms per run, op time %.1f ms per run (%.2f cores busy on"
                + " average)%n",
            runs,
            wall / 1e3 / runs,
            opTime / 1e3 / runs,
            opTime / (double) wall));
    Overlap overlap = overlap();
    long[] concurrency = overlap.concurrency();
    long spanned = 0;
    for (long micros : concurrency) {
      spanned += micros;
    }
    out.append("time with k ops running at once (share of the traced span):");
    for (int k = 0; k < concurrency.length; k++) {
      if (concurrency[k] > 0) {
        out.append(String.format(Locale.ROOT, " k=%d %.1f%%", k, 100.0 * concurrency[k] / spanned));
      }
    }
    out.append('\n');
    out.append("ops that ran alone, by device and pass (time with k=1 per run):\n");
    sums(StepTrace::deviceAndPass, i -> overlap.alone()[i]).entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .forEach(e -> out.append(line(e.getKey(), e.getValue(), runs, opTime)));
    out.append("ops that ran alone, longest (time with k=1 per run):\n");
    sums(Interval::node, i -> overlap.alone()[i]).entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(12)
        .forEach(e -> out.append(line(e.getKey(), e.getValue(), runs, opTime)));
    out.append("by device (op time per run):\n");
    sums(Interval::device, this::micros).forEach((k, v) -> out.append(line(k, v, runs, opTime)));
    out.append("by device and pass (op time per run):\n");
    sums(StepTrace::deviceAndPass, this::micros)
        .forEach((k, v) -> out.append(line(k, v, runs, opTime)));
    out.append("costliest op types (op time per run):\n");
    Map<String, Long> byOp = sums(Interval::op, this::micros);
    byOp.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(15)
        .forEach(e -> out.append(line(e.getKey(), e.getValue(), runs, opTime)));
    return out.toString();
  }

  private static String line(String key, long micros, int runs, long total) {
    return String.format(
        Locale.ROOT,
        "  %-60s %9.1f ms %5.1f%%%n",
        key,
        micros / 1e3 / runs,
        100.0 * micros / total);
  }

  /** Per key, the sum over intervals of {@code micros} (indexed like the intervals). */
  private Map<String, Long> sums(Function<Interval, String> key, IntToLongFunction micros) {
    Map<String, Long> sums = new TreeMap<>();
    for (int i = 0; i < intervals.size(); i++) {
      sums.merge(key.apply(intervals.get(i)), micros.applyAsLong(i), Long::sum);
    }
    return sums;
  }

  private long micros(int interval) {
    return intervals.get(interval).micros();
  }

  private static String deviceAndPass(Interval interval) {
    return interval.device() + " " + part(interval.node());
  }

  /**
   * How the traced ops overlapped: {@code concurrency[k]}, the microseconds of the traced span
   * during which exactly k ops were running; {@code alone[i]}, the microseconds during which
   * interval i was the only op running (the serial part of a step, where one core waits for the
   * other: a replica's tail, the shared updates).
   */
  private record Overlap(long[] concurrency, long[] alone) {}

  /** {@link Overlap} in one sweep over the ops' starts and ends. */
  private Overlap overlap() {
    List<long[]> events = new ArrayList<>(); // {time, +1 start / -1 end, interval index}
    for (int i = 0; i < intervals.size(); i++) {
      Interval interval = intervals.get(i);
      if (interval.end() > interval.start()) {
        events.add(new long[] {interval.start(), 1, i});
        events.add(new long[] {interval.end(), -1, i});
      }
    }
    events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    Map<Integer, Long> histogram = new HashMap<>();
    long[] alone = new long[intervals.size()];
    Set<Integer> running = new HashSet<>();
    long last = events.isEmpty() ? 0 : events.get(0)[0];
    int max = 0;
    for (long[] event : events) {
      if (!running.isEmpty()) {
        histogram.merge(running.size(), event[0] - last, Long::sum);
      }
      if (running.size() == 1) {
        alone[running.iterator().next()] += event[0] - last;
      }
      if (event[1] > 0) {
        running.add((int) event[2]);
      } else {
        running.remove((int) event[2]);
      }
      max = Math.max(max, running.size());
      last = event[0];
    }
    long[] concurrency = new long[max + 1];
    histogram.forEach((k, v) -> concurrency[k] = v);
    return new Overlap(concurrency, alone);
  }

  /**
   * {@code backward} for the ops TensorFlow's gradient builder made (their names carry the
   * gradients' prefix; on which replica they ran is their device), else {@code forward/update}.
   */
  static String part(String node) {
    return node.contains("gradients") ? "backward" : "forward/update";
  }

  private static String shortDevice(String device) {
    int slash = device.lastIndexOf("/device:");
    return slash < 0 ? device : device.substring(slash + 1);
  }

  /** The op type from a timeline label {@code name = Op(inputs)}, else the node name. */
  private static String opType(String label, String node) {
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', Math.max(eq, 0));
    if (eq >= 0 && paren > eq) {
      return label.substring(eq + 3, paren);
    }
    return node.startsWith("_") ? node : "?";
  }
}
