package io.mnasnet.streams.config;

import io.mnasnet.inference.image.ImageSizeLimit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the streaming classifier: its key (as written in a properties file), its default
 * and what it means. The same key is read from the environment as {@code MNASNET_} + the key in
 * upper case with dots as underscores ({@code batch.linger.ms} is {@code MNASNET_BATCH_LINGER_MS}),
 * and from a command-line flag (see {@code RunCommand}).
 *
 * <p>Kafka client settings (security, timeouts...) are passed through with the prefix {@value
 * #KAFKA_PREFIX}: {@code kafka.security.protocol=SASL_SSL} in a file, {@code
 * MNASNET_KAFKA_SECURITY_PROTOCOL} in the environment, {@code --kafka security.protocol=SASL_SSL}
 * on the command line.
 */
public enum Setting {
  BOOTSTRAP_SERVERS("bootstrap.servers", null, "Kafka brokers, host:port[,host:port...]"),
  APPLICATION_ID(
      "application.id",
      "mnasnet-classifier",
      "Kafka Streams application id: consumer group, transactional ids and internal topic prefix"),
  INPUT_TOPIC("input.topic", "images-in", "topic to read image events from"),
  OUTPUT_TOPIC("output.topic", "predictions-out", "topic to write predictions to"),
  DLQ_TOPIC(
      "dlq.topic", "images-dlq", "dead-letter topic for rejected images (original key and value)"),
  CREATE_TOPICS(
      "topics.create",
      "false",
      "create the input, output and dead-letter topics at start when they are missing"),
  TOPIC_PARTITIONS("topics.partitions", "4", "partitions of topics this app creates"),
  REPLICATION_FACTOR(
      "topics.replication.factor",
      "-1",
      "replication factor of topics this app creates and of its internal (changelog) topics;"
          + " -1 = the broker's default"),
  MODEL_DIR(
      "model.dir",
      null,
      "SavedModel directory: either one SavedModel (version 1) or numbered versions 1/, 2/, ..."
          + " as TensorFlow Serving lays them out (the newest is served)"),
  MODEL_POLL_INTERVAL_MS(
      "model.poll.interval.ms",
      "10000",
      "how often to look for a newer numbered model version; 0 = never (no hot reload)"),
  DEVICE("device", "auto", "where inference runs: cpu, gpu, or auto (a GPU if there is one)"),
  ENGINE(
      "inference.engine",
      "auto",
      "what computes the model: onnxruntime, tensorflow, or auto (ONNX Runtime on a CPU when the"
          + " version has model.onnx, TensorFlow on a GPU or without it); logged per version"),
  INTRA_OP_THREADS(
      "inference.intra.op.threads",
      "0",
      "TensorFlow threads inside one operation; 0 = one per core"),
  INTER_OP_THREADS(
      "inference.inter.op.threads",
      "0",
      "TensorFlow threads running independent operations; 0 = TensorFlow's default, or one"
          + " per shard when batches are split"),
  INFERENCE_SHARDS(
      "inference.shards",
      "0",
      "parts each model call's batch is split into, run side by side (one intra-op thread each"
          + " unless set); 0 = one per core (cores / intra-op threads) on the CPU, whole batches on"
          + " a GPU; 1 = no split"),
  GPU_MEMORY_FRACTION(
      "inference.gpu.memory.fraction",
      "0",
      "on a GPU, the share of its memory this app reserves up front, in (0, 1]; 0 = start small"
          + " and grow as needed. Either way the app does not take the whole GPU, so several apps"
          + " can share one"),
  TOP_K("top.k", "5", "how many of the most probable classes each prediction lists"),
  BATCH_SIZE("batch.size", "32", "flush a micro-batch to the model when it holds this many images"),
  BATCH_LINGER_MS(
      "batch.linger.ms",
      "50",
      "flush a micro-batch when its oldest image has waited this long (wall-clock)"),
  MAX_VALUE_BYTES(
      "max.value.bytes",
      "1048576",
      "reject (dead-letter) record values larger than this, before parsing them"),
  MAX_IMAGE_PIXELS(
      "max.image.pixels",
      Long.toString(ImageSizeLimit.DEFAULT.maxPixels()),
      "reject images whose header claims more than width x height pixels, before decoding them;"
          + " the model decodes images up to the same limit"),
  PROCESSING_GUARANTEE(
      "processing.guarantee", "exactly_once_v2", "exactly_once_v2 or at_least_once"),
  STREAM_THREADS(
      "num.stream.threads",
      "2",
      "Kafka Streams threads; all share one loaded model. With two, one thread polls, buffers and"
          + " commits while the other waits for the model, and batches flushed meanwhile join the"
          + " next model call"),
  STATE_DIR(
      "state.dir",
      null,
      "directory of local state (the batch buffer's store); default: Kafka Streams' default in"
          + " the temp directory"),
  METRICS_HOST(
      "metrics.host", "0.0.0.0", "address of the HTTP endpoints (metrics, health, web view)"),
  METRICS_PORT(
      "metrics.port",
      "9400",
      "port of /metrics, /health/live and /health/ready; 0 = any free port, -1 = no endpoint"),
  HEALTH_PORT(
      "health.port",
      "-1",
      "port of a listener of its own for /health/live and /health/ready (the probes), with its"
          + " own threads, so that slow or stalled clients of the metrics port and the web view"
          + " cannot delay them; 0 = any free port, -1 = none (the probes use metrics.port); the"
          + " container image sets 9401"),
  WEB_VIEW(
      "web.view",
      "true",
      "serve a live, read-only web page of the classifier at / of the metrics endpoint (recent"
          + " predictions with their images, throughput, latency, accuracy, dead letters); false ="
          + " metrics and health only; the container image sets false"),
  WEB_ALLOWED_HOSTS(
      "web.allowed.hosts",
      "",
      "host names the web view answers to, comma-separated, besides localhost, IP addresses and"
          + " metrics.host (e.g. the name of your proxy or Ingress); a request naming another host"
          + " is refused with 403, so that a hostile page cannot read the view through DNS"
          + " rebinding (e.g. of a kubectl port-forward on localhost)"),
  SHUTDOWN_TIMEOUT_MS(
      "shutdown.timeout.ms",
      "30000",
      "how long a graceful shutdown may take (flush buffered batches, leave the group)");

  /** Prefix of Kafka client settings passed through unchanged (minus the prefix). */
  public static final String KAFKA_PREFIX = "kafka.";

  /** Prefix of environment variables read as settings. */
  public static final String ENV_PREFIX = "MNASNET_";

  private final String key;
  private final String defaultValue;
  private final String description;

  Setting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The key in a properties file, e.g. {@code batch.size}. */
  public String key() {
    return key;
  }

  /** The default, or empty when the setting is required or has no default of ours. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public String description() {
    return description;
  }

  /** The environment variable holding this setting, e.g. {@code MNASNET_BATCH_SIZE}. */
  public String envName() {
    return envName(key);
  }

  /** The environment variable of any key, e.g. {@code MNASNET_KAFKA_SECURITY_PROTOCOL}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The setting with this key, if it is one. */
  public static Optional<Setting> forKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}
