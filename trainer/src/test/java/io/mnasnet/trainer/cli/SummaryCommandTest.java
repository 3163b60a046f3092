package io.mnasnet.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SummaryCommandTest {

  @Test
  void jsonReportsTorchvisionTotals() throws Exception {
    String out = run("--width", "0.5", "--classes", "10", "--image-size", "224", "--json");

    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.get("architecture").asText()).isEqualTo("mnasnet-b1");
    assertThat(json.get("width").asDouble()).isEqualTo(0.5);
    assertThat(json.get("classes").asInt()).isEqualTo(10);
    assertThat(json.get("imageSize").asInt()).isEqualTo(224);
    assertThat(json.get("params").asLong()).isEqualTo(950_322);
    assertThat(json.get("macs").asLong()).isEqualTo(104_455_968 - 1280 * 990);
  }

  @Test
  void tableListsLayersAndTotals() {
    String out = run("--width", "1.0");

    assertThat(out)
        .contains("layers.0", "Conv2d 3x3/2, 3->32", "112x112x32")
        .contains("layers.8.0", "InvertedResidual k3/2 x3, 16->24")
        .contains("classifier.1", "Linear 1280->1000")
        .containsPattern("total\\s+4,383,312\\s+314,415,872");
  }

  @Test
  void invalidWidthIsAUsageError() {
    CommandLine commandLine = new CommandLine(new SummaryCommand());
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err));

    assertThat(commandLine.execute("--width", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("width must be a positive number");
  }

  private static String run(String... args) {
    CommandLine commandLine = new CommandLine(new SummaryCommand());
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    assertThat(commandLine.execute(args)).isZero();
    return out.toString();
  }
}
