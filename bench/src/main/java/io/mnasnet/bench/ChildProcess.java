package io.mnasnet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a measuring child process (a {@code bin/mnasnet bench worker-*} JVM, the PyTorch script)
 * that prints its result as one JSON object on the last line of its standard output. Standard error
 * goes to a log file next to the report, so a failure can be read afterwards.
 */
final class ChildProcess {

  private static final ObjectMapper JSON = BenchJson.mapper();

  private ChildProcess() {}

  /**
   * Runs {@code command} with {@code environment} added to this process's environment and returns
   * its result.
   *
   * @throws IOException if it cannot start, fails, times out or prints no JSON; the message names
   *     the log file
   */
  static <T> T runForJson(
      List<String> command,
      Map<String, String> environment,
      Duration timeout,
      Path logFile,
      Class<T> resultType)
      throws IOException, InterruptedException {
    Files.createDirectories(logFile.getParent());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Process process = builder.start();
    byte[] out;
    try {
      // workers print a few hundred bytes: reading to the end before waiting cannot deadlock
      out = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException(
            "timed out after "
                + timeout
                + ": "
                + String.join(" ", command)
                + " (log: "
                + logFile
                + ")");
      }
    } finally {
      process.destroyForcibly();
    }
    String stdout = new String(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException(
          "exit code "
              + process.exitValue()
              + " from "
              + String.join(" ", command)
              + " (see "
              + logFile
              + ")");
    }
    String lastJson =
        stdout.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElse(null);
    if (lastJson == null) {
      throw new IOException(
          "no JSON result from " + String.join(" ", command) + " (see " + logFile + ")");
    }
    return JSON.readValue(lastJson, resultType);
  }
}
