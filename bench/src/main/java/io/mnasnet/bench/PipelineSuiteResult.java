package io.mnasnet.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code pipeline} suite's figures.
 *
 * @param broker how Kafka ran
 * @param method how throughput and latency were measured
 * @param cases one per application run
 */
public record PipelineSuiteResult(String broker, String method, List<CaseResult> cases) {

  /**
   * One application run.
   *
   * @param setup what ran
   * @param model the model served ({@code null} for the pass-through app)
   * @param meanImageBytes mean encoded size of the images sent
   * @param error why the run failed, or {@code null}
   * @param capacity backlog throughput, one value per repetition
   * @param capacityBatchSizes images per model-call size during the backlogs
   * @param rawModelImagesPerSecond the model alone at the same batch size (model suite, launcher
   *     default), or {@code null}
   * @param oneBatchInferenceMs one full batch's inference time, batch / raw images/s
   * @param ratioToRawModel capacity median / raw model
   * @param modelWithDecodeImagesPerSecond the model called as the app calls it for these images,
   *     through its encoded-image signature (JPEG decode and resize in the graph), with the case's
   *     images at the same batch size, no Kafka; {@code null} where the app decodes in Java
   * @param ratioToModelWithDecode capacity median / model with decode: what Kafka costs
   * @param loads latency at fractions of the measured capacity
   * @param memory the app's resident memory
   * @param cpu CPU time per image of the app's process against the model's own ({@code null} for
   *     the pass-through app)
   */
  public record CaseResult(
      PipelineCase setup,
      String model,
      double meanImageBytes,
      String error,
      Spread capacity,
      Map<Integer, Long> capacityBatchSizes,
      Double rawModelImagesPerSecond,
      Double oneBatchInferenceMs,
      Double ratioToRawModel,
      Double modelWithDecodeImagesPerSecond,
      Double ratioToModelWithDecode,
      List<LoadResult> loads,
      Memory memory,
      Cpu cpu) {

    Optional<LoadResult> load(double fraction) {
      return loads == null
          ? Optional.empty()
          : loads.stream().filter(l -> Math.abs(l.fraction() - fraction) < 1e-9).findFirst();
    }
  }

  /**
   * CPU time per image (user + system, all threads, from {@code /proc}): the app's process while it
   * drains each capacity backlog (CPU used from the backlog's first send to its last output /
   * images), against the model's own worker JVM at the same batch size in the same run. Unlike
   * images/s, CPU per image does not count the broker, the load generator or other processes on the
   * same cores.
   *
   * @param appMsPerImage the app, one value per backlog
   * @param rawModelMsPerImage the model on preprocessed float tensors (median)
   * @param withDecodeMsPerImage the model through its encoded signature with the case's images
   * @param ratio app median / raw model
   * @param target issue 13's bound on {@code ratio}, or {@code null}
   * @param met {@code ratio <= target}, or {@code null}
   * @param perRecordMs the per-record cost: app median minus the bare model, ms of CPU per image
   *     (Kafka, validation, batching, decoding and preprocessing, serialisation), or {@code null}
   */
  public record Cpu(
      Spread appMsPerImage,
      Double rawModelMsPerImage,
      Double withDecodeMsPerImage,
      Double ratio,
      Double target,
      Boolean met,
      Double perRecordMs) {
    static Cpu of(Spread app, Double raw, Double withDecode, Double target) {
      Double ratio = raw == null || raw <= 0 ? null : app.median() / raw;
      Boolean met = ratio == null || target == null ? null : ratio <= target;
      Double perRecord = raw == null ? null : app.median() - raw;
      return new Cpu(app, raw, withDecode, ratio, target, met, perRecord);
    }
  }

  /**
   * One offered load.
   *
   * @param fraction of the measured capacity (median)
   * @param offeredPerSecond images/s sent
   * @param images images sent (and received)
   * @param achievedPerSecond images received / (last arrival - first send)
   * @param p50Ms median end-to-end latency: output seen by a read_committed consumer minus send
   *     time
   * @param p95Ms 95th percentile
   * @param p99Ms 99th percentile
   * @param maxMs maximum
   * @param batchSizes images per model-call size
   */
  public record LoadResult(
      double fraction,
      double offeredPerSecond,
      int images,
      double achievedPerSecond,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs,
      Map<Integer, Long> batchSizes) {}

  /**
   * Resident memory of the app's JVM.
   *
   * @param afterWarmupBytes after the warm-up and the first capacity backlog (which ran the largest
   *     batches), where flatness is judged from
   * @param maxBytes the largest sample after that
   * @param endBytes the last sample before shutdown
   * @param samples every sample after that point (every 0.5 s), bytes
   */
  public record Memory(long afterWarmupBytes, long maxBytes, long endBytes, List<Long> samples) {
    /** Growth from the end of the warm-up to the end of the run. */
    public long growthBytes() {
      return endBytes - afterWarmupBytes;
    }
  }
}
