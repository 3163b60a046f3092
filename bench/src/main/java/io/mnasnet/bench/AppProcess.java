package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Streams application under test, running as its own JVM through {@code bin/mnasnet} (so it gets
 * the launcher's allocator and TensorFlow settings, as in production). Its resident memory is
 * sampled every half second while it runs. {@link #close()} sends SIGTERM (the app's graceful
 * shutdown) and, if it has not exited after 30 s, kills it.
 */
final class AppProcess implements AutoCloseable {

  private static final long SAMPLE_MS = 500;

  private final Process process;
  private final Thread sampler;
  private final List<Long> rssSamples = new ArrayList<>();
  private final String description;

  private AppProcess(Process process, String description) {
    this.process = process;
    this.description = description;
    this.sampler = new Thread(this::sample, "bench-rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts {@code bin/mnasnet args...} with {@code environment} added; output to {@code log}. */
  static AppProcess start(
      ProjectHome home, List<String> args, Map<String, String> environment, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(home.launcher().toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new AppProcess(builder.start(), String.join(" ", command) + " (log: " + log + ")");
  }

  private void sample() {
    while (process.isAlive()) {
      long rss = ProcessMemory.residentBytes(process.pid());
      synchronized (rssSamples) {
        rssSamples.add(rss);
      }
      try {
        Thread.sleep(SAMPLE_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Fails with the command and its log if the app has exited. */
  void checkAlive() throws IOException {
    if (!process.isAlive()) {
      throw new IOException("exited with code " + process.exitValue() + ": " + description);
    }
  }

  /** How many RSS samples were taken so far (a mark to slice {@link #rssSince} by). */
  int rssMark() {
    synchronized (rssSamples) {
      return rssSamples.size();
    }
  }

  /** RSS samples from {@code mark} on, bytes. */
  List<Long> rssSince(int mark) {
    synchronized (rssSamples) {
      return List.copyOf(rssSamples.subList(Math.min(mark, rssSamples.size()), rssSamples.size()));
    }
  }

  /**
   * CPU time the app's process has used so far (user + system, all threads), milliseconds, from
   * {@code /proc/PID/stat}.
   */
  double cpuMs() throws IOException {
    return ProcessCpu.cpuMs(process.pid());
  }

  long currentRss() {
    return ProcessMemory.residentBytes(process.pid());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    sampler.interrupt();
  }
}
