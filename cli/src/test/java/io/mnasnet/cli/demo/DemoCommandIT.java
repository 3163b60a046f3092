package io.mnasnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mnasnet.cli.CommandRun;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mnasnet demo} end to end in this JVM: its own broker, the streaming classifier with the
 * torchvision fixture model (86-87% on Fashion-MNIST), real test images.
 */
class DemoCommandIT {

  @Test
  void classifiesEveryImageItSendsAndSummarisesTheRun(@TempDir Path work) throws Exception {
    Path model = TorchvisionFixture.importModel(work);

    CommandRun run =
        CommandRun.of(
            "demo",
            "--count",
            "200",
            "--rate",
            "0",
            "--no-table",
            "--json-summary",
            "--model",
            model.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode summary = new ObjectMapper().readTree(run.out().strip());
    assertThat(summary.get("sent").asLong()).as(run.toString()).isEqualTo(200);
    assertThat(summary.get("predicted").asLong()).isEqualTo(200);
    assertThat(summary.get("deadLettered").asLong()).isZero();
    assertThat(summary.get("missing").asLong()).isZero();
    assertThat(summary.get("labelled").asLong()).isEqualTo(200);
    assertThat(summary.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.85);
    assertThat(summary.get("latencyP50Ms").asLong()).isPositive();
    assertThat(summary.get("latencyP99Ms").asLong())
        .isGreaterThanOrEqualTo(summary.get("latencyP50Ms").asLong());
    assertThat(summary.get("imagesPerSecond").asDouble()).isPositive();
    assertThat(summary.get("model").asText()).contains("fixture");
    assertThat(run.err())
        .contains("Kafka broker in this process at 127.0.0.1:")
        .contains("Classifier running")
        .containsPattern("Live view: http://127\\.0\\.0\\.1:\\d+/");
  }

  @Test
  void byDefaultServesTheShippedPretrainedModel() throws Exception {
    // surefire and failsafe run in the module's directory, cli/
    Path projectRoot = Path.of("").toAbsolutePath().getParent();
    Path shipped = DemoModel.shipped(projectRoot.toString());
    assumeTrue(Files.isDirectory(shipped), "the shipped model is not in this checkout");
    String previous = System.getProperty(DemoModel.HOME_PROPERTY);
    System.setProperty(DemoModel.HOME_PROPERTY, projectRoot.toString());
    CommandRun run;
    try {
      run = CommandRun.of("demo", "--count", "200", "--rate", "0", "--no-table", "--json-summary");
    } finally {
      if (previous == null) {
        System.clearProperty(DemoModel.HOME_PROPERTY);
      } else {
        System.setProperty(DemoModel.HOME_PROPERTY, previous);
      }
    }

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).contains("from " + shipped);
    JsonNode summary = new ObjectMapper().readTree(run.out().strip());
    assertThat(summary.get("predicted").asLong()).as(run.toString()).isEqualTo(200);
    assertThat(summary.get("deadLettered").asLong()).isZero();
    assertThat(summary.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.90);
  }
}
