package io.mnasnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.cli.Mnasnet;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) while {@code mnasnet demo} starts its in-process broker: the demo process exits
 * on its own and leaves no broker data ({@code embedded-kafka-*}) and no state directory behind.
 * The demo runs in a JVM of its own with a private {@code java.io.tmpdir}, so only its files count.
 */
class DemoInterruptIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void ctrlCDuringTheBrokerStartLeavesNothingBehind(@TempDir Path work) throws Exception {
    Path model = TorchvisionFixture.importModel(Files.createDirectories(work.resolve("model")));
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    Path log = work.resolve("demo.log");
    Process demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                Mnasnet.class.getName(),
                "demo",
                "--count",
                "20",
                "--no-table",
                "--model",
                model.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (brokerData(tmp).isEmpty()) {
        assertThat(demo.isAlive()).as("the demo runs: %s", read(log)).isTrue();
        assertThat(System.nanoTime())
            .as("the broker's data directory appears")
            .isLessThan(deadline);
        Thread.sleep(20);
      }
      new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();

      assertThat(demo.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .as("the demo exits after Ctrl-C")
          .isTrue();
      String output = read(log);
      assertThat(brokerData(tmp)).as(output).isEmpty();
      assertThat(output).contains("Stopped before any image was sent.");
      assertThat(output).doesNotContain("Exception");
    } finally {
      demo.destroyForcibly();
    }
  }

  private static List<Path> brokerData(Path tmp) throws Exception {
    try (Stream<Path> files = Files.list(tmp)) {
      return files
          .filter(
              path ->
                  path.getFileName().toString().startsWith("embedded-kafka-")
                      || path.getFileName().toString().startsWith("mnasnet-demo-state-"))
          .toList();
    }
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
