package io.mnasnet.streams.config;

import io.mnasnet.inference.engine.EngineChoice;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.streams.validation.ImageLimits;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The typed, validated configuration of the streaming classifier. Build it with {@link
 * #from(ResolvedSettings)} (the command line does) or {@link #defaults(String, Path)} (tests, the
 * demo), then adjust with the {@code with...} methods.
 *
 * @param kafka how to reach Kafka and run Kafka Streams
 * @param topics topic names and how to create them
 * @param batching when micro-batches are flushed
 * @param limits input limits checked before decoding
 * @param inference the model and how to run it
 * @param operations metrics/health endpoint and shutdown
 */
public record StreamsAppConfig(
    KafkaSettings kafka,
    TopicSettings topics,
    BatchSettings batching,
    ImageLimits limits,
    InferenceSettings inference,
    OperationsSettings operations) {

  public StreamsAppConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(batching, "batching");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(operations, "operations");
  }

  /**
   * Kafka connection and Kafka Streams runtime.
   *
   * @param bootstrapServers brokers
   * @param applicationId Kafka Streams application id
   * @param guarantee processing guarantee
   * @param streamThreads number of stream threads (all share the model)
   * @param stateDir local state directory, or {@code null} for Kafka Streams' default
   * @param clientSettings further Kafka client settings (no {@code kafka.} prefix), passed through
   */
  public record KafkaSettings(
      String bootstrapServers,
      String applicationId,
      ProcessingGuarantee guarantee,
      int streamThreads,
      Path stateDir,
      Map<String, String> clientSettings) {
    public KafkaSettings {
      clientSettings = Map.copyOf(clientSettings);
    }

    /** With secret client settings masked: a record's own {@code toString} shows them. */
    @Override
    public String toString() {
      return "KafkaSettings[bootstrapServers="
          + bootstrapServers
          + ", applicationId="
          + applicationId
          + ", guarantee="
          + guarantee
          + ", streamThreads="
          + streamThreads
          + ", stateDir="
          + stateDir
          + ", clientSettings="
          + SecretMasking.describe(clientSettings)
          + "]";
    }
  }

  /**
   * Topics.
   *
   * @param input image events
   * @param output predictions
   * @param deadLetter rejected images
   * @param create whether to create missing topics at start
   * @param partitions partitions of created topics
   * @param replicationFactor replication of created and internal topics; -1 = broker default
   */
  public record TopicSettings(
      String input,
      String output,
      String deadLetter,
      boolean create,
      int partitions,
      short replicationFactor) {}

  /**
   * Micro-batching.
   *
   * @param size flush when a batch holds this many images
   * @param linger flush when the oldest image of a batch has waited this long
   */
  public record BatchSettings(int size, Duration linger) {
    public BatchSettings {
      if (size < 1) {
        throw new IllegalArgumentException("batch size must be >= 1, got " + size);
      }
      if (linger.isNegative() || linger.isZero()) {
        throw new IllegalArgumentException("batch linger must be > 0, got " + linger);
      }
    }
  }

  /**
   * The model and how inference runs.
   *
   * @param modelDir SavedModel or versioned model directory
   * @param pollInterval how often to look for a new version; zero = never
   * @param device cpu, gpu or auto
   * @param engine which engine computes each version: auto, onnxruntime or tensorflow
   * @param intraOpThreads intra-op threads, 0 = default
   * @param interOpThreads inter-op threads, 0 = default
   * @param inferenceShards parts a batch is split into for concurrent model calls, 0 = one per core
   *     on the CPU, whole batches on a GPU
   * @param gpuMemoryFraction share of the GPU's memory reserved up front, 0 = grow as needed
   * @param topK classes listed per prediction
   */
  public record InferenceSettings(
      Path modelDir,
      Duration pollInterval,
      Device device,
      EngineChoice engine,
      int intraOpThreads,
      int interOpThreads,
      int inferenceShards,
      double gpuMemoryFraction,
      int topK) {

    /**
     * Every default but the model directory: no hot reload, {@code auto} device and engine, default
     * threads, one batch part per core, GPU memory on demand, top 5.
     */
    public static InferenceSettings defaults(Path modelDir) {
      return new InferenceSettings(
          modelDir,
          Duration.ZERO,
          Device.AUTO,
          EngineChoice.AUTO,
          0,
          0,
          RuntimeOptions.AUTO_SHARDS,
          RuntimeOptions.GPU_MEMORY_ON_DEMAND,
          5);
    }

    /** How the runtime (threads, device, GPU memory) is set up for the model. */
    public RuntimeOptions runtimeOptions() {
      return new RuntimeOptions(
          device, intraOpThreads, interOpThreads, inferenceShards, gpuMemoryFraction);
    }

    public InferenceSettings withPollInterval(Duration interval) {
      return new InferenceSettings(
          modelDir,
          interval,
          device,
          engine,
          intraOpThreads,
          interOpThreads,
          inferenceShards,
          gpuMemoryFraction,
          topK);
    }

    public InferenceSettings withDevice(Device onDevice) {
      return new InferenceSettings(
          modelDir,
          pollInterval,
          onDevice,
          engine,
          intraOpThreads,
          interOpThreads,
          inferenceShards,
          gpuMemoryFraction,
          topK);
    }

    public InferenceSettings withEngine(EngineChoice choice) {
      return new InferenceSettings(
          modelDir,
          pollInterval,
          device,
          choice,
          intraOpThreads,
          interOpThreads,
          inferenceShards,
          gpuMemoryFraction,
          topK);
    }
  }

  /**
   * Operations.
   *
   * @param metricsHost address of the HTTP endpoints
   * @param metricsPort port of metrics, health and the web view; 0 = any free port; -1 = none
   * @param healthPort port of the probes' own listener; 0 = any free port; -1 = none
   * @param shutdownTimeout how long a graceful shutdown may take
   * @param webView whether the metrics endpoint also serves the live web page at {@code /}
   * @param allowedHosts host names the web view answers to besides localhost, IP addresses and
   *     {@code metricsHost}
   */
  public record OperationsSettings(
      String metricsHost,
      int metricsPort,
      int healthPort,
      Duration shutdownTimeout,
      boolean webView,
      List<String> allowedHosts) {

    public OperationsSettings {
      allowedHosts = List.copyOf(allowedHosts);
    }

    /** With the web view on (its default), no health listener of its own, no extra host name. */
    public OperationsSettings(String metricsHost, int metricsPort, Duration shutdownTimeout) {
      this(metricsHost, metricsPort, -1, shutdownTimeout, true, List.of());
    }

    /** The same with the probes' own listener on {@code port} (0 = any free port). */
    public OperationsSettings withHealthPort(int port) {
      return new OperationsSettings(
          metricsHost, metricsPort, port, shutdownTimeout, webView, allowedHosts);
    }

    /** The same with the web view on or off. */
    public OperationsSettings withWebView(boolean on) {
      return new OperationsSettings(
          metricsHost, metricsPort, healthPort, shutdownTimeout, on, allowedHosts);
    }
  }

  /** Defaults everywhere, with the two required settings. */
  public static StreamsAppConfig defaults(String bootstrapServers, Path modelDir) {
    return from(
        SettingsResolver.fromFlags(
            Map.of(
                Setting.BOOTSTRAP_SERVERS.key(),
                bootstrapServers,
                Setting.MODEL_DIR.key(),
                modelDir.toString())));
  }

  /**
   * Parses and validates resolved settings.
   *
   * @throws InvalidConfigException listing every bad or missing setting, each with its key and
   *     source
   */
  public static StreamsAppConfig from(ResolvedSettings settings) {
    Parser p = new Parser(settings);
    KafkaSettings kafka =
        new KafkaSettings(
            p.text(Setting.BOOTSTRAP_SERVERS),
            p.text(Setting.APPLICATION_ID),
            p.parse(Setting.PROCESSING_GUARANTEE, ProcessingGuarantee::parse),
            p.integer(Setting.STREAM_THREADS, 1, 64),
            p.optionalPath(Setting.STATE_DIR),
            p.kafkaClientSettings());
    TopicSettings topics =
        new TopicSettings(
            p.topic(Setting.INPUT_TOPIC),
            p.topic(Setting.OUTPUT_TOPIC),
            p.topic(Setting.DLQ_TOPIC),
            p.bool(Setting.CREATE_TOPICS),
            p.integer(Setting.TOPIC_PARTITIONS, 1, 10_000),
            (short) p.replicationFactor(Setting.REPLICATION_FACTOR));
    int batchSize = p.integer(Setting.BATCH_SIZE, 1, 4096);
    long lingerMs = p.longValue(Setting.BATCH_LINGER_MS, 1, Duration.ofHours(1).toMillis());
    int maxValueBytes = p.integer(Setting.MAX_VALUE_BYTES, 1, Integer.MAX_VALUE);
    long maxPixels = p.longValue(Setting.MAX_IMAGE_PIXELS, 1, Long.MAX_VALUE);
    InferenceSettings inference =
        new InferenceSettings(
            p.path(Setting.MODEL_DIR),
            Duration.ofMillis(p.longValue(Setting.MODEL_POLL_INTERVAL_MS, 0, Long.MAX_VALUE)),
            p.parse(Setting.DEVICE, StreamsAppConfig::device),
            p.parse(Setting.ENGINE, EngineChoice::parse),
            p.integer(Setting.INTRA_OP_THREADS, 0, 1024),
            p.integer(Setting.INTER_OP_THREADS, 0, 1024),
            p.integer(Setting.INFERENCE_SHARDS, 0, 1024),
            p.fraction(Setting.GPU_MEMORY_FRACTION),
            p.integer(Setting.TOP_K, 1, 1000));
    OperationsSettings operations =
        new OperationsSettings(
            p.text(Setting.METRICS_HOST),
            p.integer(Setting.METRICS_PORT, -1, 65535),
            p.integer(Setting.HEALTH_PORT, -1, 65535),
            Duration.ofMillis(p.longValue(Setting.SHUTDOWN_TIMEOUT_MS, 0, Long.MAX_VALUE)),
            p.bool(Setting.WEB_VIEW),
            p.names(Setting.WEB_ALLOWED_HOSTS));
    p.requireDistinctPorts();
    p.requireDistinctTopics();
    p.throwIfProblems();
    return new StreamsAppConfig(
        kafka,
        topics,
        new BatchSettings(batchSize, Duration.ofMillis(lingerMs)),
        new ImageLimits(maxValueBytes, maxPixels),
        inference,
        operations);
  }

  private static double gpuMemoryFraction(String text) {
    double fraction;
    try {
      fraction = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number: 0, or a fraction in (0, 1]");
    }
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("must be 0 (grow as needed) or a fraction in (0, 1]");
    }
    return fraction;
  }

  private static Path path(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a file system path (" + e.getReason() + ")");
    }
  }

  private static Device device(String text) {
    try {
      return Device.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be cpu, gpu or auto");
    }
  }

  /**
   * Every part's own {@code toString}, written out here so that a part added later cannot show a
   * secret through the record's generated one; {@link KafkaSettings} masks its client settings.
   */
  @Override
  public String toString() {
    return "StreamsAppConfig[kafka="
        + kafka
        + ", topics="
        + topics
        + ", batching="
        + batching
        + ", limits="
        + limits
        + ", inference="
        + inference
        + ", operations="
        + operations
        + "]";
  }

  public StreamsAppConfig withKafka(KafkaSettings kafka) {
    return new StreamsAppConfig(kafka, topics, batching, limits, inference, operations);
  }

  public StreamsAppConfig withTopics(TopicSettings topics) {
    return new StreamsAppConfig(kafka, topics, batching, limits, inference, operations);
  }

  public StreamsAppConfig withBatching(BatchSettings batching) {
    return new StreamsAppConfig(kafka, topics, batching, limits, inference, operations);
  }

  public StreamsAppConfig withLimits(ImageLimits limits) {
    return new StreamsAppConfig(kafka, topics, batching, limits, inference, operations);
  }

  public StreamsAppConfig withInference(InferenceSettings inference) {
    return new StreamsAppConfig(kafka, topics, batching, limits, inference, operations);
  }

  public StreamsAppConfig withOperations(OperationsSettings operations) {
    return new StreamsAppConfig(kafka, topics, batching, limits, inference, operations);
  }

  /** Reads settings and collects every problem, so the user sees them all at once. */
  private static final class Parser {
    private final ResolvedSettings settings;
    private final List<String> problems = new ArrayList<>();

    Parser(ResolvedSettings settings) {
      this.settings = settings;
    }

    String text(Setting setting) {
      SettingValue value = settings.get(setting).orElse(null);
      if (value == null || value.value().isBlank()) {
        problems.add(
            "missing required setting '"
                + setting.key()
                + "' ("
                + setting.description()
                + "); set it in the config file, as "
                + setting.envName()
                + " or with its command-line flag");
        return null;
      }
      return value.value().trim();
    }

    <T> T parse(Setting setting, Function<String, T> parser) {
      String text = text(setting);
      if (text == null) {
        return null;
      }
      try {
        return parser.apply(text);
      } catch (NumberFormatException e) {
        problems.add(settings.get(setting).orElseThrow().describe() + ": must be a whole number");
        return null;
      } catch (IllegalArgumentException e) {
        problems.add(settings.get(setting).orElseThrow().describe() + ": " + e.getMessage());
        return null;
      }
    }

    /** 0, or a fraction in (0, 1]; a bad value is a problem (reported later) and reads as 0. */
    double fraction(Setting setting) {
      Double value = parse(setting, StreamsAppConfig::gpuMemoryFraction);
      return value == null ? 0 : value;
    }

    int integer(Setting setting, int min, int max) {
      Long value = parse(setting, Long::parseLong);
      return value == null ? min : (int) checkRange(setting, value, min, max);
    }

    long longValue(Setting setting, long min, long max) {
      Long value = parse(setting, Long::parseLong);
      return value == null ? min : checkRange(setting, value, min, max);
    }

    int replicationFactor(Setting setting) {
      int value = integer(setting, -1, Short.MAX_VALUE);
      if (value == 0) {
        problems.add(
            settings.get(setting).orElseThrow().describe()
                + ": must be >= 1, or -1 for the default");
      }
      return value;
    }

    boolean bool(Setting setting) {
      Boolean value =
          parse(
              setting,
              text -> {
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                  return Boolean.parseBoolean(text);
                }
                throw new IllegalArgumentException("must be true or false");
              });
      return Boolean.TRUE.equals(value);
    }

    Path path(Setting setting) {
      return parse(setting, StreamsAppConfig::path);
    }

    /** A comma-separated list of host names, possibly empty. */
    List<String> names(Setting setting) {
      String text = settings.get(setting).map(SettingValue::value).orElse("");
      List<String> names = new ArrayList<>();
      for (String name : text.split(",")) {
        String trimmed = name.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (!trimmed.matches("[A-Za-z0-9.-]{1,253}")) {
          problems.add(
              settings.get(setting).orElseThrow().describe()
                  + ": '"
                  + trimmed
                  + "' is not a host name (letters, digits, '.', '-'; no port)");
          continue;
        }
        names.add(trimmed.toLowerCase(java.util.Locale.ROOT));
      }
      return names;
    }

    /** The probes' listener needs a port of its own, not the metrics port. */
    void requireDistinctPorts() {
      Optional<SettingValue> health = settings.get(Setting.HEALTH_PORT);
      Optional<SettingValue> metrics = settings.get(Setting.METRICS_PORT);
      if (health.isPresent()
          && metrics.isPresent()
          && health.get().value().trim().equals(metrics.get().value().trim())
          && !health.get().value().trim().equals("-1")
          && !health.get().value().trim().equals("0")) {
        problems.add(
            health.get().describe()
                + ": must differ from "
                + metrics.get().describe()
                + " (the probes get a listener of their own; -1 = none)");
      }
    }

    Path optionalPath(Setting setting) {
      boolean given = settings.get(setting).filter(v -> !v.value().isBlank()).isPresent();
      return given ? path(setting) : null;
    }

    String topic(Setting setting) {
      return parse(
          setting,
          name -> {
            if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
              throw new IllegalArgumentException(
                  "a topic name has 1-249 characters of a-z, A-Z, 0-9, '.', '_', '-'");
            }
            return name;
          });
    }

    Map<String, String> kafkaClientSettings() {
      Map<String, String> kafka = new LinkedHashMap<>();
      settings.kafkaClientSettings().forEach((key, value) -> kafka.put(key, value.value()));
      return kafka;
    }

    void requireDistinctTopics() {
      List<Setting> topicSettings =
          List.of(Setting.INPUT_TOPIC, Setting.OUTPUT_TOPIC, Setting.DLQ_TOPIC);
      for (int i = 0; i < topicSettings.size(); i++) {
        for (int j = i + 1; j < topicSettings.size(); j++) {
          SettingValue a = settings.get(topicSettings.get(i)).orElse(null);
          SettingValue b = settings.get(topicSettings.get(j)).orElse(null);
          if (a != null && b != null && a.value().equals(b.value())) {
            problems.add(a.describe() + " and " + b.describe() + " must name different topics");
          }
        }
      }
    }

    void throwIfProblems() {
      if (!problems.isEmpty()) {
        throw new InvalidConfigException(problems);
      }
    }

    private long checkRange(Setting setting, long value, long min, long max) {
      if (value < min || value > max) {
        problems.add(
            settings.get(setting).orElseThrow().describe()
                + ": must be between "
                + min
                + " and "
                + max);
        return min;
      }
      return value;
    }
  }
}
