package io.mnasnet.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long-running command finish cleanly on Ctrl-C (SIGINT/SIGTERM): while open, a JVM shutdown
 * hook sets {@link #isRequested()}, runs the command's wake-up action (e.g. {@code
 * KafkaConsumer.wakeup()}) and waits up to a grace period for {@link #close()}, so the command can
 * flush, wait for acks and print its summary before the JVM exits.
 */
public final class StopSignal implements AutoCloseable {
  private static final Duration GRACE_PERIOD = Duration.ofSeconds(10);

  private volatile Runnable wakeUp = () -> {};
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean requested;

  private StopSignal() {
    this.hook = new Thread(this::onShutdown, "mnasnet-stop");
  }

  /** Installs the shutdown hook. */
  public static StopSignal install() {
    StopSignal signal = new StopSignal();
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /** What to run on the hook's thread when a stop arrives, e.g. {@code consumer::wakeup}. */
  public void wakeUpWith(Runnable action) {
    this.wakeUp = action;
  }

  /** Whether the user asked the command to stop. */
  public boolean isRequested() {
    return requested;
  }

  private void onShutdown() {
    requested = true;
    wakeUp.run();
    try {
      finished.await(GRACE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The command is done: removes the hook (or releases it if the JVM is already stopping). */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running and now returns
    }
  }
}
