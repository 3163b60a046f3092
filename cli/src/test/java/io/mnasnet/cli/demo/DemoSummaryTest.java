package io.mnasnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

  @Test
  void namesImagesThatGotNoPredictionAndAnEarlyStop() {
    DemoSummary summary =
        new DemoSummary("m v1", 346, 119, 2, 104, 119, 33.1, 1878L, 2187L, 2196L, 13.6, true);

    assertThat(summary.missing()).isEqualTo(225);
    assertThat(summary.lines())
        .containsExactly(
            "Sent 346 images, predicted 119, dead-lettered 2 (stopped early)",
            "225 images got no prediction yet",
            "Model: m v1",
            "Accuracy: 87.4% (104/119)",
            "Throughput: 33.1 images/s",
            "End-to-end latency: p50 1878 ms, p95 2187 ms, p99 2196 ms",
            "First prediction 13.6 s after the demo started");
  }

  @Test
  void withoutPredictionsThereIsNoAccuracyOrLatency() throws Exception {
    DemoSummary summary = new DemoSummary("m v1", 5, 0, 0, 0, 0, 0, null, null, null, null, false);

    assertThat(summary.lines())
        .contains("5 images got no prediction yet")
        .contains("Accuracy: n/a (no prediction carried a true label)")
        .noneMatch(line -> line.startsWith("End-to-end latency"));
    JsonNode json = new ObjectMapper().readTree(summary.toJson());
    assertThat(json.get("missing").asLong()).isEqualTo(5);
    assertThat(json.get("accuracy").isNull()).isTrue();
  }
}
