package io.mnasnet.streams.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.mnasnet.streams.inference.ModelIdentity;
import io.mnasnet.streams.validation.RejectionReason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline's own metrics, registered in a Micrometer registry (Prometheus names in brackets):
 *
 * <ul>
 *   <li>records read [{@code mnasnet_records_in_total}], predictions written [{@code
 *       mnasnet_predictions_out_total}], records dead-lettered by reason [{@code
 *       mnasnet_records_dead_lettered_total{reason}}];
 *   <li>batch sizes [{@code mnasnet_batch_size} histogram], inference time per batch [{@code
 *       mnasnet_inference_seconds}], end-to-end latency from the event timestamp [{@code
 *       mnasnet_end_to_end_latency_seconds}];
 *   <li>images waiting in batch buffers [{@code mnasnet_buffered_images}], the served model version
 *       [{@code mnasnet_model_version}], what serves it [{@code
 *       mnasnet_model_info{model,version,engine} 1}: one series, replaced at each reload] and
 *       reloads [{@code mnasnet_model_reloads_total}].
 * </ul>
 *
 * Consumer lag comes from Kafka Streams' own metrics, bound separately. Thread-safe.
 */
public final class PipelineMetrics {
  private final Counter recordsIn;
  private final Counter predictionsOut;
  private final Map<RejectionReason, Counter> deadLettered = new EnumMap<>(RejectionReason.class);
  private final DistributionSummary batchSizes;
  private final Timer inferenceTime;
  private final Timer endToEnd;
  private final Counter reloads;
  private final AtomicInteger modelVersion = new AtomicInteger();
  private final MultiGauge modelInfo;
  private final Map<String, Integer> bufferedByTask = new ConcurrentHashMap<>();

  public PipelineMetrics(MeterRegistry registry) {
    recordsIn =
        Counter.builder("mnasnet.records.in")
            .description("input records read (valid and invalid)")
            .register(registry);
    predictionsOut =
        Counter.builder("mnasnet.predictions.out")
            .description("predictions written")
            .register(registry);
    for (RejectionReason reason : RejectionReason.values()) {
      deadLettered.put(
          reason,
          Counter.builder("mnasnet.records.dead.lettered")
              .description("input records sent to the dead-letter topic")
              .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
    batchSizes =
        DistributionSummary.builder("mnasnet.batch.size")
            .description("images per micro-batch (one flush of one task's buffer)")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
            .register(registry);
    inferenceTime =
        Timer.builder("mnasnet.inference")
            .description("model time per batch")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    endToEnd =
        Timer.builder("mnasnet.end.to.end.latency")
            .description("from the event's timestamp to its prediction")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
    reloads =
        Counter.builder("mnasnet.model.reloads")
            .description("hot model reloads")
            .register(registry);
    Gauge.builder("mnasnet.model.version", modelVersion, AtomicInteger::get)
        .description("version of the model being served (0 = none)")
        .register(registry);
    // Prometheus' "info" idiom: the labels carry the facts, the value is 1; a dashboard joins it
    // to other series by instance. One row, overwritten when another version is served.
    modelInfo =
        MultiGauge.builder("mnasnet.model.info")
            .description("the model being served: name, version and engine (value 1)")
            .register(registry);
    Gauge.builder("mnasnet.buffered.images", this, PipelineMetrics::bufferedImages)
        .description("images waiting in micro-batch buffers")
        .register(registry);
  }

  public void recordIn() {
    recordsIn.increment();
  }

  public void deadLettered(RejectionReason reason) {
    deadLettered.get(reason).increment();
  }

  /** A micro-batch of {@code size} images was classified; the model call took {@code nanos}. */
  public void batchClassified(int size, long nanos) {
    batchSizes.record(size);
    inferenceTime.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void predictionOut(long endToEndMs) {
    predictionsOut.increment();
    endToEnd.record(Math.max(0, endToEndMs), TimeUnit.MILLISECONDS);
  }

  public void modelServed(ModelIdentity model, boolean reload) {
    modelVersion.set(model.version());
    Tags tags =
        Tags.of(
            "model",
            model.name(),
            "version",
            Integer.toString(model.version()),
            "engine",
            model.engine().id());
    modelInfo.register(List.of(MultiGauge.Row.of(tags, 1.0)), true);
    if (reload) {
      reloads.increment();
    }
  }

  /** The batch buffer of {@code task} now holds {@code count} images (0 when it is closed). */
  public void buffered(String task, int count) {
    if (count == 0) {
      bufferedByTask.remove(task);
    } else {
      bufferedByTask.put(task, count);
    }
  }

  /** Images waiting in all buffers of this instance. */
  public int bufferedImages() {
    return bufferedByTask.values().stream().mapToInt(Integer::intValue).sum();
  }

  public double recordsIn() {
    return recordsIn.count();
  }

  public double predictionsOut() {
    return predictionsOut.count();
  }

  public double deadLetteredTotal() {
    return deadLettered.values().stream().mapToDouble(Counter::count).sum();
  }
}
