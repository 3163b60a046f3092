package io.mnasnet.streams.topology;

import io.mnasnet.streams.batching.MicroBatchProcessor;
import io.mnasnet.streams.config.InvalidConfigException;
import io.mnasnet.streams.config.Setting;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.ops.PipelineMetrics;
import io.mnasnet.streams.webview.LiveFeed;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

/** Builds the Kafka Streams properties of the app from its configuration. */
// PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG is deprecated because Kafka 5.0 makes it the
// default; until then Kafka Streams warns at start unless it is set.
@SuppressWarnings("deprecation")
public final class StreamsProperties {
  /** Kafka settings that have their own setting here; passing them as kafka.* is an error. */
  private static final Map<String, Setting> OWN_SETTINGS =
      Map.of(
          StreamsConfig.APPLICATION_ID_CONFIG, Setting.APPLICATION_ID,
          CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Setting.BOOTSTRAP_SERVERS,
          StreamsConfig.PROCESSING_GUARANTEE_CONFIG, Setting.PROCESSING_GUARANTEE,
          StreamsConfig.NUM_STREAM_THREADS_CONFIG, Setting.STREAM_THREADS,
          StreamsConfig.STATE_DIR_CONFIG, Setting.STATE_DIR,
          StreamsConfig.REPLICATION_FACTOR_CONFIG, Setting.REPLICATION_FACTOR);

  /** Set by the app, not to be overridden. */
  private static final Set<String> FIXED =
      Set.of(
          StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
          StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG,
          DeadLetterProcessingExceptionHandler.DEAD_LETTER_TOPIC_CONFIG,
          DeadLetterProcessingExceptionHandler.METRICS_CONFIG,
          DeadLetterProcessingExceptionHandler.LIVE_FEED_CONFIG);

  private StreamsProperties() {}

  /** {@link #of(StreamsAppConfig, PipelineMetrics, LiveFeed)} without a web view. */
  public static Properties of(StreamsAppConfig config, PipelineMetrics metrics) {
    return of(config, metrics, LiveFeed.NONE);
  }

  /**
   * The properties for {@code new KafkaStreams(topology, properties)}.
   *
   * @param liveFeed where the exception handler reports dead letters (the web view)
   * @throws InvalidConfigException when a kafka.* setting duplicates one of the app's settings
   */
  public static Properties of(StreamsAppConfig config, PipelineMetrics metrics, LiveFeed liveFeed) {
    Properties props = new Properties();
    StreamsAppConfig.KafkaSettings kafka = config.kafka();
    // Wall-clock punctuations run between polls: an idle poll must not outlast the linger.
    props.put(
        StreamsConfig.POLL_MS_CONFIG,
        MicroBatchProcessor.punctuationInterval(config.batching().linger()).toMillis());
    for (Map.Entry<String, String> entry : kafka.clientSettings().entrySet()) {
      Setting own = OWN_SETTINGS.get(entry.getKey());
      if (own != null) {
        throw new InvalidConfigException(
            "kafka." + entry.getKey() + " is set by the setting '" + own.key() + "'; use that");
      }
      if (FIXED.contains(entry.getKey())) {
        throw new InvalidConfigException(
            "kafka." + entry.getKey() + " is set by the app and cannot be overridden");
      }
      props.put(entry.getKey(), entry.getValue());
    }
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, kafka.guarantee().streamsValue());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafka.streamThreads());
    if (kafka.stateDir() != null) {
      props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir().toString());
    }
    if (config.topics().replicationFactor() > 0) {
      props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topics().replicationFactor());
    }
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterProcessingExceptionHandler.class.getName());
    // No global stores here; opting in now is what Kafka 5.0 will do anyway. Kafka Streams 4.4
    // still logs "not enabled for the GlobalThread" once per stream thread: its partition assignor
    // builds a StreamsConfig from the consumer's settings, which do not carry this flag, and that
    // config warns even in its quiet form (AssignorConfiguration / ClientUtils.QuietStreamsConfig).
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(
        DeadLetterProcessingExceptionHandler.DEAD_LETTER_TOPIC_CONFIG,
        config.topics().deadLetter());
    props.put(DeadLetterProcessingExceptionHandler.METRICS_CONFIG, metrics);
    props.put(DeadLetterProcessingExceptionHandler.LIVE_FEED_CONFIG, liveFeed);
    return props;
  }
}
