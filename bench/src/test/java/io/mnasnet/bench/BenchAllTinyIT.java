package io.mnasnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code mnasnet bench all --tiny} for real (child JVMs through {@code bin/mnasnet}, a
 * standalone broker through {@code bin/kafka-broker}) and checks the report's structure and that
 * every figure is a positive number. No timing assertions: the point is that CI notices when a
 * suite breaks. PyTorch is pointed at a missing interpreter, which also checks that the peer is
 * skipped with a note rather than failing the run.
 */
class BenchAllTinyIT {

  @TempDir Path out;

  @Test
  void writesReportSummaryAndChartsForEverySuite() throws Exception {
    LauncherRun run =
        LauncherRun.of(
            "bench", "all", "--tiny", "--out", out.toString(), "--python", "/nonexistent/python3");

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("summary.md").contains("targets checked");

    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.path("scale").asText()).isEqualTo("tiny");
    assertThat(report.path("machine").path("cores").asInt()).isPositive();
    assertThat(report.path("machine").path("cpuModel").asText()).isNotBlank();
    assertThat(report.path("machine").path("tensorFlowVersion").asText()).isNotBlank();
    assertThat(report.path("machine").path("loadAverageAtEnd")).isNotEmpty();
    assertThat(report.path("computeBound").path("nominalPeakGflops").asDouble()).isPositive();

    JsonNode model = report.path("model");
    assertThat(model.path("pyTorchNote").asText()).startsWith("skipped");
    JsonNode setting = model.path("tensorFlow").get(0);
    assertThat(setting.path("error").isNull()).as(setting.toString()).isTrue();
    JsonNode tfThreads = model.path("tensorFlow").get(1);
    assertThat(tfThreads.path("error").isNull()).as(tfThreads.toString()).isTrue();
    assertThat(tfThreads.path("matmulGflops").asDouble()).isPositive();
    for (JsonNode point : setting.path("series").get(0).path("points")) {
      assertThat(point.path("batch").asInt()).isPositive();
      assertThat(point.path("imagesPerSecond").path("median").asDouble()).isPositive();
      assertThat(point.path("rssAfterBytes").asLong()).isPositive();
    }

    JsonNode cases = report.path("pipeline").path("cases");
    assertThat(cases).hasSize(BenchScale.TINY.pipelineCases().size());
    for (JsonNode pipelineCase : cases) {
      assertThat(pipelineCase.path("error").isNull()).as(pipelineCase.toString()).isTrue();
      assertThat(pipelineCase.path("capacity").path("median").asDouble()).isPositive();
      assertThat(pipelineCase.path("memory").path("maxBytes").asLong()).isPositive();
    }
    JsonNode classifier = cases.get(0);
    assertThat(classifier.path("ratioToRawModel").asDouble()).isPositive();
    assertThat(classifier.path("capacityBatchSizes")).isNotEmpty();
    JsonNode load = classifier.path("loads").get(0);
    assertThat(load.path("p50Ms").asDouble()).isPositive();
    assertThat(load.path("p99Ms").asDouble()).isGreaterThanOrEqualTo(load.path("p50Ms").asDouble());

    JsonNode training = report.path("train").path("configs").get(0);
    assertThat(training.path("tensorFlow").path("median").asDouble()).isPositive();
    assertThat(training.path("dataWaitFraction").path("median").asDouble()).isBetween(0.0, 1.0);

    assertThat(report.path("targets")).isNotEmpty();
    for (JsonNode target : report.path("targets")) {
      assertThat(target.path("target").asText()).isNotBlank();
      assertThat(target.path("measured").asText()).isNotBlank();
    }

    String summary = Files.readString(out.resolve("summary.md"));
    assertThat(summary).contains("## Targets", "## Model", "## Pipeline", "## Training");
    try (var files = Files.list(out)) {
      var charts = files.filter(p -> p.toString().endsWith(".png")).toList();
      assertThat(charts).hasSizeGreaterThanOrEqualTo(3);
      for (Path chart : charts) {
        byte[] head = Files.readAllBytes(chart);
        assertThat(head).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      }
    }
  }
}
