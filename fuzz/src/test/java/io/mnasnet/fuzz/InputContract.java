package io.mnasnet.fuzz;

import io.mnasnet.inference.cost.ThreadCost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * What every fuzz target asserts of every input: the parser either returns, or throws one of the
 * exception types it documents for bad input, with a message that says why; nothing else escapes
 * (another exception, an {@link OutOfMemoryError}, a {@link StackOverflowError}); and the input
 * costs at most the target's budget of CPU time and heap, measured on the thread that parsed it
 * ({@link ThreadCost}; the whole process's CPU for work TensorFlow runs on its own threads). An
 * input over a quarter of the budget is measured a second time and judged by that: its first run
 * may have paid for loading (and instrumenting) classes it was the first to reach. A breach is an
 * {@link AssertionError}, which Jazzer reports as a finding with the input.
 *
 * <p>It also counts: inputs, accepted, refused by type, the costliest input. {@link #report()}
 * prints one {@code FUZZ} line and writes {@code target/fuzz-counts/<target>.tsv}, which is where
 * RELIABILITY.md's counts come from.
 *
 * <pre>{@code
 * static final InputContract CONTRACT =
 *     InputContract.of("pending-image-serde", Duration.ofMillis(100), 64 << 20)
 *         .refusing(SerializationException.class);
 *
 * @FuzzTest
 * void readsOrRefusesEveryEntry(byte[] entry) {
 *   CONTRACT.check(() -> deserializer.deserialize("t", entry));
 * }
 * }</pre>
 */
public final class InputContract {
  private final String target;
  private final Duration cpuBudget;
  private final long heapBudget;
  private final boolean processCpu;
  private final List<Class<? extends Exception>> refusals;

  private final AtomicLong inputs = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final Map<String, AtomicLong> refusedBy = new TreeMap<>();
  private final LongAccumulator maxCpuNanos = new LongAccumulator(Math::max, 0);
  private final LongAccumulator maxHeapBytes = new LongAccumulator(Math::max, 0);
  private final long startedNanos = System.nanoTime();

  private InputContract(
      String target,
      Duration cpuBudget,
      long heapBudget,
      boolean processCpu,
      List<Class<? extends Exception>> refusals) {
    this.target = target;
    this.cpuBudget = cpuBudget;
    this.heapBudget = heapBudget;
    this.processCpu = processCpu;
    this.refusals = List.copyOf(refusals);
  }

  /**
   * A contract for {@code target}: each input may cost {@code cpuBudget} of the parsing thread's
   * CPU and {@code heapBudget} bytes of heap allocated on it.
   */
  public static InputContract of(String target, Duration cpuBudget, long heapBudget) {
    // -Dfuzz.budget.scale=0.2 tightens every budget, to find the costliest inputs of a target
    double scale = Double.parseDouble(System.getProperty("fuzz.budget.scale", "1"));
    return new InputContract(
        target,
        Duration.ofNanos((long) (cpuBudget.toNanos() * scale)),
        (long) (heapBudget * scale),
        false,
        List.of());
  }

  /** The same contract, with {@code types} (and their subclasses) documented refusals. */
  @SafeVarargs
  public final InputContract refusing(Class<? extends Exception>... types) {
    return new InputContract(target, cpuBudget, heapBudget, processCpu, List.of(types));
  }

  /** The same contract, charging each input the whole process's CPU time (native thread pools). */
  public InputContract chargingTheWholeProcess() {
    return new InputContract(target, cpuBudget, heapBudget, true, refusals);
  }

  /** A parser's work on one input. */
  @FunctionalInterface
  public interface Parse<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code parse} on one input and asserts the contract.
   *
   * @return what it returned, or empty if it refused the input with a documented exception
   * @throws AssertionError for an undocumented exception, a refusal without a reason, or an input
   *     over budget
   */
  public <T> Optional<T> check(Parse<T> parse) {
    ThreadCost cost = startMeasuring();
    Optional<T> result;
    try {
      result = Optional.ofNullable(parse.run());
      if (result.isEmpty()) {
        throw new AssertionError(target + ": returned null instead of a value or a refusal");
      }
      accepted.incrementAndGet();
    } catch (Exception e) {
      if (refusals.stream().noneMatch(type -> type.isInstance(e))) {
        throw new AssertionError(
            target + ": " + e.getClass().getName() + " escaped, not one of " + refusalNames(), e);
      }
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError(target + ": refused without a reason: " + e.getClass(), e);
      }
      synchronized (refusedBy) {
        refusedBy
            .computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong())
            .getAndIncrement();
      }
      result = Optional.empty();
    } finally {
      inputs.incrementAndGet();
    }
    long cpu = cost.cpuNanos();
    long heap = cost.allocatedBytes();
    if (cpu > cpuBudget.toNanos() / 4 || heap > heapBudget / 4) {
      // Measured again before it counts (or is reported as the costliest): the first input to
      // reach a class pays for loading it (and, while fuzzing, for Jazzer instrumenting it), which
      // says nothing of the input. A costly input is costly every time.
      ThreadCost again = startMeasuring();
      try {
        parse.run();
      } catch (Exception refusedAgain) {
        // the verdict was taken above; only the cost is measured here
      }
      cpu = again.cpuNanos();
      heap = again.allocatedBytes();
    }
    maxCpuNanos.accumulate(cpu);
    maxHeapBytes.accumulate(heap);
    if (cpu > cpuBudget.toNanos()) {
      throw new AssertionError(
          "%s: one input cost %d ms of CPU, over the budget of %d ms"
              .formatted(target, cpu / 1_000_000, cpuBudget.toMillis()));
    }
    if (heap > heapBudget) {
      throw new AssertionError(
          "%s: one input allocated %d MB, over the budget of %d MB"
              .formatted(target, heap >> 20, heapBudget >> 20));
    }
    return result;
  }

  private ThreadCost startMeasuring() {
    return processCpu ? ThreadCost.ofProcess() : ThreadCost.start();
  }

  /** Prints the counts as one {@code FUZZ} line and writes them to the module's target folder. */
  public void report() {
    String mode = System.getenv("JAZZER_FUZZ") == null ? "regression" : "fuzzing";
    String refused;
    synchronized (refusedBy) {
      refused = refusedBy.toString();
    }
    String line =
        String.join(
            "\t",
            target,
            mode,
            Long.toString(Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds()),
            Long.toString(inputs.get()),
            Long.toString(accepted.get()),
            refused,
            Long.toString(maxCpuNanos.get() / 1_000_000),
            Long.toString(maxHeapBytes.get() >> 20));
    System.out.println("FUZZ " + line.replace('\t', ' '));
    Path dir = Path.of("target", "fuzz-counts");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve(target + "-" + mode + ".tsv"),
          "target\tmode\tseconds\tinputs\taccepted\trefused\tmax_cpu_ms\tmax_heap_mb\n"
              + line
              + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String refusalNames() {
    return refusals.stream().map(Class::getSimpleName).toList().toString();
  }
}
