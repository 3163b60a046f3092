package io.mnasnet.inference.cost;

import java.lang.management.ManagementFactory;

/**
 * What one piece of work cost the thread that ran it: CPU time (user + system, from the JVM's
 * per-thread clock, so other threads and a busy machine do not count) and bytes allocated on the
 * heap. Work that runs on other threads (TensorFlow's kernels) is measured with {@link
 * #ofProcess()} instead.
 *
 * <pre>{@code
 * ThreadCost cost = ThreadCost.start();
 * decode(bytes);
 * assertThat(cost.cpuNanos()).isLessThan(budget);
 * }</pre>
 */
public final class ThreadCost {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final boolean wholeProcess;
  private final long cpuAtStart;
  private final long allocatedAtStart;

  private ThreadCost(boolean wholeProcess) {
    this.wholeProcess = wholeProcess;
    this.cpuAtStart = cpuNow();
    this.allocatedAtStart = THREADS.getCurrentThreadAllocatedBytes();
  }

  /** Starts measuring the calling thread. */
  public static ThreadCost start() {
    return new ThreadCost(false);
  }

  /**
   * Starts measuring the CPU time of the whole process (for work handed to native thread pools);
   * allocation is still the calling thread's.
   */
  public static ThreadCost ofProcess() {
    return new ThreadCost(true);
  }

  /** CPU time since the start, in nanoseconds. */
  public long cpuNanos() {
    return cpuNow() - cpuAtStart;
  }

  /** Heap bytes the calling thread allocated since the start. */
  public long allocatedBytes() {
    return THREADS.getCurrentThreadAllocatedBytes() - allocatedAtStart;
  }

  private long cpuNow() {
    return wholeProcess ? PROCESS.getProcessCpuTime() : THREADS.getCurrentThreadCpuTime();
  }
}
