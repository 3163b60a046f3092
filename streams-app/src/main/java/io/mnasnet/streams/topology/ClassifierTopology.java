package io.mnasnet.streams.topology;

import io.mnasnet.schemas.PredictionSerde;
import io.mnasnet.streams.batching.BatchDrain;
import io.mnasnet.streams.batching.MicroBatchProcessor;
import io.mnasnet.streams.batching.PendingImageSerde;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.inference.BatchInference;
import io.mnasnet.streams.ops.PipelineMetrics;
import io.mnasnet.streams.validation.ImageValidator;
import io.mnasnet.streams.webview.LiveFeed;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology of the streaming classifier, a pure function of its configuration and collaborators:
 *
 * <pre>
 * images-in (bytes) -> validate-images -> micro-batch [image-batch-buffer store] -> predictions-out
 *                            |                    \-- image the model cannot read -> images-dlq
 *                            \-- rejected: DeadLetterProcessingExceptionHandler -> images-dlq
 * </pre>
 *
 * The source reads raw key and value bytes, so nothing can fail in deserialization and a rejected
 * record is dead-lettered with exactly the bytes it arrived with.
 */
public final class ClassifierTopology {
  public static final String SOURCE = "images-source";
  public static final String VALIDATE = "validate-images";
  public static final String MICRO_BATCH = "micro-batch";
  public static final String SINK = "predictions-sink";
  public static final String DEAD_LETTER_SINK = "unclassifiable-images-sink";

  /**
   * The batch buffer; its changelog topic is {@code <application.id>-image-batch-buffer-changelog}.
   */
  public static final String BUFFER_STORE = "image-batch-buffer";

  /**
   * The buffer's changelog sees an image only if it is still buffered at a commit (see {@link
   * #build}), then its deletion: roll its segments often so compaction keeps it, and the restore
   * after a crash, small.
   */
  static final Map<String, String> BUFFER_CHANGELOG_CONFIG =
      Map.of(
          "segment.ms", "300000",
          "min.cleanable.dirty.ratio", "0.1",
          "delete.retention.ms", "300000");

  private ClassifierTopology() {}

  /** Builds the topology without a web view. */
  public static Topology build(
      StreamsAppConfig config,
      BatchInference inference,
      PipelineMetrics metrics,
      BatchDrain drain,
      Clock clock) {
    return build(config, inference, metrics, drain, clock, LiveFeed.NONE);
  }

  /**
   * Builds the topology.
   *
   * @param config topics, limits, batching and top-k
   * @param inference classifies micro-batches (shared by all tasks of the instance)
   * @param metrics where processors count and time
   * @param drain set during shutdown to flush buffers early
   * @param clock wall clock of the batch linger: the one {@code inference} times its calls with
   * @param liveFeed told of every prediction and of images the model could not read (the web view);
   *     records rejected by validation reach it through the exception handler ({@link
   *     StreamsProperties})
   */
  public static Topology build(
      StreamsAppConfig config,
      BatchInference inference,
      PipelineMetrics metrics,
      BatchDrain drain,
      Clock clock,
      LiveFeed liveFeed) {
    ImageValidator validator = new ImageValidator(config.limits());
    Topology topology = new Topology();
    topology.addSource(
        SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.topics().input());
    topology.addProcessor(
        VALIDATE, () -> new ValidateImageProcessor(validator, metrics, clock), SOURCE);
    topology.addProcessor(
        MICRO_BATCH,
        () ->
            new MicroBatchProcessor(
                BUFFER_STORE,
                SINK,
                DEAD_LETTER_SINK,
                config.batching(),
                config.inference().topK(),
                inference,
                metrics,
                liveFeed,
                drain,
                clock),
        VALIDATE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(BUFFER_STORE), Serdes.Long(), new PendingImageSerde())
            .withLoggingEnabled(BUFFER_CHANGELOG_CONFIG)
            // Kafka Streams flushes a store's cache into the changelog at every commit, before it
            // commits the input offsets: an image classified before the next commit never reaches
            // the changelog (only its deletion's tombstone does), one still buffered at the commit
            // does, in the same transaction. Crash safety is unchanged; the changelog traffic of
            // 224x224 JPEGs drops from twice every image to the few waiting at commits.
            .withCachingEnabled(),
        MICRO_BATCH);
    topology.addSink(
        SINK,
        config.topics().output(),
        new StringSerializer(),
        new PredictionSerde().serializer(),
        MICRO_BATCH);
    topology.addSink(
        DEAD_LETTER_SINK,
        config.topics().deadLetter(),
        new StringSerializer(),
        new ByteArraySerializer(),
        MICRO_BATCH);
    return topology;
  }
}
