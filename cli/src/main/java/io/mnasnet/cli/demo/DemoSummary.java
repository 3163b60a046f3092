package io.mnasnet.cli.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mnasnet.cli.consume.LatencyStats;
import io.mnasnet.cli.consume.RunningAccuracy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a demo run did, as text for people ({@link #lines()}) or one JSON object ({@link #toJson()},
 * {@code --json-summary}).
 *
 * @param model the model that classified the images, e.g. {@code mnasnet0_5-fashion-mnist v1}
 * @param sent images the broker acknowledged
 * @param predicted predictions of this run's images read back
 * @param deadLettered images the pipeline rejected to the dead-letter topic
 * @param correct predictions whose top-1 class was the true one
 * @param labelled predictions with a true label
 * @param imagesPerSecond predictions per second, from the first send to the last prediction
 * @param latencyP50Ms median end-to-end latency (image sent to prediction written); null if none
 * @param latencyP95Ms its 95th percentile; null if none
 * @param latencyP99Ms its 99th percentile; null if none
 * @param firstPredictionSeconds from the start of the demo to the first prediction; null if none
 * @param stopped whether the run was ended early (Ctrl-C)
 */
public record DemoSummary(
    String model,
    long sent,
    long predicted,
    long deadLettered,
    long correct,
    long labelled,
    double imagesPerSecond,
    Long latencyP50Ms,
    Long latencyP95Ms,
    Long latencyP99Ms,
    Double firstPredictionSeconds,
    boolean stopped) {

  /** The summary of a run from its counters. */
  static DemoSummary of(
      String model,
      long sent,
      long predicted,
      long deadLettered,
      RunningAccuracy accuracy,
      LatencyStats latencies,
      double imagesPerSecond,
      Double firstPredictionSeconds,
      boolean stopped) {
    boolean any = latencies.count() > 0;
    return new DemoSummary(
        model,
        sent,
        predicted,
        deadLettered,
        accuracy.correct(),
        accuracy.labelled(),
        imagesPerSecond,
        any ? latencies.percentile(50) : null,
        any ? latencies.percentile(95) : null,
        any ? latencies.percentile(99) : null,
        firstPredictionSeconds,
        stopped);
  }

  /** Top-1 accuracy over the labelled predictions; null without any. */
  @JsonProperty("accuracy")
  public Double accuracy() {
    return labelled == 0 ? null : (double) correct / labelled;
  }

  /** Sent images that got neither a prediction nor a dead letter. */
  @JsonProperty("missing")
  public long missing() {
    return Math.max(0, sent - predicted - deadLettered);
  }

  /** The summary for people, one fact per line. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Sent %d image%s, predicted %d, dead-lettered %d%s"
            .formatted(
                sent,
                sent == 1 ? "" : "s",
                predicted,
                deadLettered,
                stopped ? " (stopped early)" : ""));
    if (missing() > 0) {
      lines.add("%d image%s got no prediction yet".formatted(missing(), missing() == 1 ? "" : "s"));
    }
    lines.add("Model: " + model);
    lines.add(
        accuracy() == null
            ? "Accuracy: n/a (no prediction carried a true label)"
            : String.format(
                Locale.ROOT, "Accuracy: %.1f%% (%d/%d)", accuracy() * 100, correct, labelled));
    lines.add(String.format(Locale.ROOT, "Throughput: %.1f images/s", imagesPerSecond));
    if (latencyP50Ms != null) {
      lines.add(
          "End-to-end latency: p50 %d ms, p95 %d ms, p99 %d ms"
              .formatted(latencyP50Ms, latencyP95Ms, latencyP99Ms));
    }
    if (firstPredictionSeconds != null) {
      lines.add(
          String.format(
              Locale.ROOT,
              "First prediction %.1f s after the demo started",
              firstPredictionSeconds));
    }
    return lines;
  }

  /** One JSON object with every field, {@code accuracy} and {@code missing} included. */
  public String toJson() {
    try {
      return new ObjectMapper().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the summary as JSON", e);
    }
  }
}
