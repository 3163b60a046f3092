package io.mnasnet.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mnasnet.cli.produce.FashionMnistImageSource;
import io.mnasnet.cli.produce.SourceImage;
import io.mnasnet.trainer.data.Split;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mnasnet} keeps TensorFlow's absl start-up notices off stderr: the same {@code predict}
 * run prints them with the filter off ({@code MNASNET_RAW_STDERR=1}, which shows where they come
 * from) and not through the launcher, with the same result on stdout.
 */
class LauncherStderrIT {
  private static final String ABSL_NOTICE =
      "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR";

  // failsafe runs in the module's directory, cli/
  private final Path root = Path.of("").toAbsolutePath().getParent();

  @Test
  void tensorFlowsAbslNoticeDoesNotReachStderr(@TempDir Path work) throws Exception {
    Path model = root.resolve("models/fashion-mnist/mnasnet0_5/1");
    assumeTrue(Files.isDirectory(model), "the shipped model is not in this checkout");
    assumeTrue(Files.isRegularFile(root.resolve("cli/target/mnasnet-cli.jar")), "cli not packaged");
    Path image = work.resolve("image.png");
    SourceImage first = (SourceImage) FashionMnistImageSource.load(null, Split.TEST).next();
    Files.write(image, first.data());

    Run raw = predict(work, model, image, Map.of("MNASNET_RAW_STDERR", "1"));
    Run filtered = predict(work, model, image, Map.of());

    assertThat(raw.exitCode()).as(raw.err()).isZero();
    assertThat(raw.err()).as("TensorFlow prints it without the filter").contains(ABSL_NOTICE);
    assertThat(filtered.exitCode()).as(filtered.err()).isZero();
    assertThat(filtered.err()).doesNotContain("absl::InitializeLog").doesNotContain("MLIR V1");
    assertThat(filtered.out()).isEqualTo(raw.out()).contains("%");
  }

  private Run predict(Path work, Path model, Path image, Map<String, String> env) throws Exception {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                root.resolve("bin/mnasnet").toString(),
                "predict",
                "--device",
                "cpu",
                "--model",
                model.toString(),
                image.toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    // the filter may write its last lines just after the JVM exits
    Thread.sleep(200);
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Run(int exitCode, String out, String err) {}
}
