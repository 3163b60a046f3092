package io.mnasnet.bench;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress lines on the command's error stream, each with the time since the run started. */
final class BenchProgress {

  private final PrintWriter out;
  private final long startNanos = System.nanoTime();

  BenchProgress(PrintWriter out) {
    this.out = out;
  }

  void say(String message) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.printf(Locale.ROOT, "[bench %6.1fs] %s%n", seconds, message);
    out.flush();
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
