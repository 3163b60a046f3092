package io.mnasnet.bench;

/**
 * One Streams application run of the {@code pipeline} suite.
 *
 * @param name label in the report
 * @param input the images sent
 * @param passThrough {@code true} for the trivial copy-only Streams app (no inference), {@code
 *     false} for the streaming classifier
 * @param batchSize the classifier's {@code batch.size} (ignored by the pass-through app)
 * @param commitIntervalMs Kafka Streams {@code commit.interval.ms} (exactly-once in both apps)
 * @param latencyLoads whether latency is measured at fractions of capacity, or only capacity
 */
public record PipelineCase(
    String name,
    BenchImages.Kind input,
    boolean passThrough,
    int batchSize,
    int commitIntervalMs,
    boolean latencyLoads) {

  /** Kafka Streams' default commit interval under exactly-once. */
  public static final int EOS_DEFAULT_COMMIT_MS = 100;

  static PipelineCase classifier(
      BenchImages.Kind input, int batchSize, int commitIntervalMs, boolean latencyLoads) {
    String name = input.label() + " batch " + batchSize + ", commit " + commitIntervalMs + " ms";
    return new PipelineCase(name, input, false, batchSize, commitIntervalMs, latencyLoads);
  }

  static PipelineCase passThrough(BenchImages.Kind input, int commitIntervalMs) {
    return new PipelineCase(
        input.label() + " pass-through, commit " + commitIntervalMs + " ms",
        input,
        true,
        1,
        commitIntervalMs,
        false);
  }
}
