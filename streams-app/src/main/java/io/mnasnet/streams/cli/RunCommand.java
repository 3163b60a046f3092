package io.mnasnet.streams.cli;

import io.mnasnet.streams.StreamingClassifierApp;
import io.mnasnet.streams.config.InvalidConfigException;
import io.mnasnet.streams.config.ResolvedSettings;
import io.mnasnet.streams.config.Setting;
import io.mnasnet.streams.config.SettingsResolver;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.inference.EngineModelLoader;
import io.mnasnet.streams.inference.ModelLoadException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet run}: runs the streaming classifier until SIGTERM/Ctrl-C.
 *
 * <p>Reads image events from the input topic ({@code images-in}), writes predictions to the output
 * topic ({@code predictions-out}) and rejected records to the dead-letter topic ({@code
 * images-dlq}). Needs a Kafka cluster and a model directory (a SavedModel, or numbered versions of
 * one; newer versions are picked up while running). Serves {@code /metrics}, {@code /health/live}
 * and {@code /health/ready} over HTTP, and the live web view at {@code /} unless {@code
 * web.view=false}.
 *
 * <p>Settings come from, highest precedence first: command-line flags, environment variables
 * ({@code MNASNET_*}), the {@code --config} properties file, defaults. Exit codes: 1 when the app
 * failed, 2 for a configuration error; after SIGTERM/Ctrl-C the JVM reports 143/130 (128 + the
 * signal) once the graceful shutdown is done.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    resourceBundle = "io.mnasnet.streams.cli.RunCommandHelp",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Run the streaming classifier (Kafka Streams) until SIGTERM or Ctrl-C.",
      "",
      "Reads:  image events from the input topic (images-in): PNG/JPEG bytes with a content-type"
          + " header, or JSON envelopes; key = image id.",
      "Writes: one prediction per valid image to the output topic (predictions-out, JSON, same"
          + " key); rejected records, with their original bytes and the reason in"
          + " __streams.errors.* headers, to the dead-letter topic (images-dlq).",
      "Needs:  a Kafka cluster (--bootstrap-servers) and a model directory (--model): a SavedModel"
          + " with mnasnet.json, or numbered versions 1/, 2/, ... of one (the newest is served and"
          + " newer ones are hot-reloaded).",
      "Serves: /metrics (Prometheus), /health/live and /health/ready on --metrics-port (the"
          + " probes also on a --health-port of their own), and a live read-only web page of the"
          + " classifier at / (--web-view=false turns it off).",
      ""
    },
    footer = {
      "",
      "Precedence: command-line flags > environment variables (MNASNET_<KEY>, e.g."
          + " MNASNET_BATCH_SIZE) > --config file (keys as shown, e.g. batch.size=32) > defaults.",
      "Kafka client settings: --kafka KEY=VALUE (or -X KEY=VALUE, as produce and consume spell"
          + " it), kafka.KEY=VALUE in the file,"
          + " MNASNET_KAFKA_KEY_WITH_UNDERSCORES in the environment. Secrets (sasl.jaas.config,"
          + " passwords) are masked when the configuration is printed.",
      "Exit codes: 1 failure, 2 configuration error; after SIGTERM (Ctrl-C) the JVM reports 143"
          + " (130) once the graceful shutdown is done."
    })
public final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Spec private CommandSpec spec;

  private final Map<String, String> environment;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with settings (keys as in this help, kafka.* for Kafka).")
  private Path configFile;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      paramLabel = "HOSTS",
      descriptionKey = "bootstrap.servers")
  private String bootstrapServers;

  @Option(names = "--model", paramLabel = "DIR", descriptionKey = "model.dir")
  private Path modelDir;

  @Option(names = "--application-id", paramLabel = "ID", descriptionKey = "application.id")
  private String applicationId;

  @Option(names = "--input-topic", paramLabel = "TOPIC", descriptionKey = "input.topic")
  private String inputTopic;

  @Option(names = "--output-topic", paramLabel = "TOPIC", descriptionKey = "output.topic")
  private String outputTopic;

  @Option(names = "--dlq-topic", paramLabel = "TOPIC", descriptionKey = "dlq.topic")
  private String dlqTopic;

  @Option(
      names = "--create-topics",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "BOOL",
      descriptionKey = "topics.create")
  private Boolean createTopics;

  @Option(names = "--partitions", paramLabel = "N", descriptionKey = "topics.partitions")
  private Integer partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      descriptionKey = "topics.replication.factor")
  private Integer replicationFactor;

  @Option(names = "--batch-size", paramLabel = "N", descriptionKey = "batch.size")
  private Integer batchSize;

  @Option(names = "--batch-linger-ms", paramLabel = "MS", descriptionKey = "batch.linger.ms")
  private Long batchLingerMs;

  @Option(names = "--top-k", paramLabel = "K", descriptionKey = "top.k")
  private Integer topK;

  @Option(names = "--max-value-bytes", paramLabel = "BYTES", descriptionKey = "max.value.bytes")
  private Integer maxValueBytes;

  @Option(names = "--max-image-pixels", paramLabel = "N", descriptionKey = "max.image.pixels")
  private Long maxImagePixels;

  @Option(
      names = "--processing-guarantee",
      paramLabel = "G",
      descriptionKey = "processing.guarantee")
  private String processingGuarantee;

  @Option(names = "--stream-threads", paramLabel = "N", descriptionKey = "num.stream.threads")
  private Integer streamThreads;

  @Option(names = "--state-dir", paramLabel = "DIR", descriptionKey = "state.dir")
  private Path stateDir;

  @Option(names = "--device", paramLabel = "cpu|gpu|auto", descriptionKey = "device")
  private String device;

  @Option(
      names = "--engine",
      paramLabel = "auto|onnxruntime|tensorflow",
      descriptionKey = "inference.engine")
  private String engine;

  @Option(
      names = "--intra-op-threads",
      paramLabel = "N",
      descriptionKey = "inference.intra.op.threads")
  private Integer intraOpThreads;

  @Option(
      names = "--inter-op-threads",
      paramLabel = "N",
      descriptionKey = "inference.inter.op.threads")
  private Integer interOpThreads;

  @Option(names = "--inference-shards", paramLabel = "N", descriptionKey = "inference.shards")
  private Integer inferenceShards;

  @Option(
      names = "--gpu-memory-fraction",
      paramLabel = "F",
      descriptionKey = "inference.gpu.memory.fraction")
  private Double gpuMemoryFraction;

  @Option(
      names = "--model-poll-interval-ms",
      paramLabel = "MS",
      descriptionKey = "model.poll.interval.ms")
  private Long modelPollIntervalMs;

  @Option(names = "--metrics-host", paramLabel = "HOST", descriptionKey = "metrics.host")
  private String metricsHost;

  @Option(names = "--metrics-port", paramLabel = "PORT", descriptionKey = "metrics.port")
  private Integer metricsPort;

  @Option(names = "--health-port", paramLabel = "PORT", descriptionKey = "health.port")
  private Integer healthPort;

  @Option(
      names = "--web-view",
      arity = "0..1",
      fallbackValue = "true",
      paramLabel = "BOOL",
      descriptionKey = "web.view")
  private Boolean webView;

  @Option(names = "--web-allowed-hosts", paramLabel = "NAMES", descriptionKey = "web.allowed.hosts")
  private String webAllowedHosts;

  @Option(
      names = "--shutdown-timeout-ms",
      paramLabel = "MS",
      descriptionKey = "shutdown.timeout.ms")
  private Long shutdownTimeoutMs;

  @Option(
      names = {"--kafka", "-X"},
      paramLabel = "KEY=VALUE",
      description =
          "A Kafka client setting passed through to Kafka Streams, its clients and the admin"
              + " client (repeatable), e.g. --kafka security.protocol=SASL_SSL; -X is the same"
              + " option (produce and consume spell it so).")
  private Map<String, String> kafka = new LinkedHashMap<>();

  @Option(
      names = "--print-config",
      description = "Print the resolved settings (with their sources, secrets masked) and exit.")
  private boolean printConfig;

  /** Reads settings from the process environment. */
  public RunCommand() {
    this(System.getenv());
  }

  /** Reads settings from {@code environment} instead of the process environment (tests). */
  public RunCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    StreamsAppConfig config;
    ResolvedSettings settings;
    try {
      settings = SettingsResolver.resolve(flagSettings(), environment, configFile);
      if (printConfig) {
        spec.commandLine().getOut().println(settings.describe());
        spec.commandLine().getOut().flush();
      }
      config = StreamsAppConfig.from(settings);
    } catch (InvalidConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
    if (printConfig) {
      return 0;
    }
    log.info("Configuration (flags > environment > file > defaults):\n{}", settings.describe());
    return runUntilStopped(config);
  }

  private int runUntilStopped(StreamsAppConfig config) throws InterruptedException {
    StreamingClassifierApp app =
        new StreamingClassifierApp(config, EngineModelLoader.forConfig(config));
    CountDownLatch closed = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              stopping.set(true);
              log.info("Shutting down (signal received)");
              app.close();
              closed.countDown();
            },
            "mnasnet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      app.start();
    } catch (InvalidConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      spec.commandLine().getErr().flush();
      return stopAfterFailure(app, hook, 2);
    } catch (ModelLoadException | IllegalStateException e) {
      log.error("Cannot start: {}", e.getMessage(), e);
      return stopAfterFailure(app, hook, 1);
    }
    while (true) {
      // stopping is set before the hook closes the app, so a state the hook caused is never
      // mistaken for a failure
      State state = app.state();
      if (stopping.get()) {
        closed.await();
        return 0;
      }
      if (state == State.ERROR || state == State.NOT_RUNNING) {
        log.error(
            "Kafka Streams stopped ({}){}; exiting",
            state,
            app.failureReason().map(reason -> ": " + reason).orElse(""));
        return stopAfterFailure(app, hook, 1);
      }
      Thread.sleep(200);
    }
  }

  private static int stopAfterFailure(StreamingClassifierApp app, Thread hook, int exitCode) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // the hook is running and closes the app
      return exitCode;
    }
    app.close();
    return exitCode;
  }

  /** The settings given as flags, by setting key. */
  Map<String, String> flagSettings() {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, Setting.BOOTSTRAP_SERVERS, bootstrapServers);
    put(flags, Setting.MODEL_DIR, modelDir);
    put(flags, Setting.APPLICATION_ID, applicationId);
    put(flags, Setting.INPUT_TOPIC, inputTopic);
    put(flags, Setting.OUTPUT_TOPIC, outputTopic);
    put(flags, Setting.DLQ_TOPIC, dlqTopic);
    put(flags, Setting.CREATE_TOPICS, createTopics);
    put(flags, Setting.TOPIC_PARTITIONS, partitions);
    put(flags, Setting.REPLICATION_FACTOR, replicationFactor);
    put(flags, Setting.BATCH_SIZE, batchSize);
    put(flags, Setting.BATCH_LINGER_MS, batchLingerMs);
    put(flags, Setting.TOP_K, topK);
    put(flags, Setting.MAX_VALUE_BYTES, maxValueBytes);
    put(flags, Setting.MAX_IMAGE_PIXELS, maxImagePixels);
    put(flags, Setting.PROCESSING_GUARANTEE, processingGuarantee);
    put(flags, Setting.STREAM_THREADS, streamThreads);
    put(flags, Setting.STATE_DIR, stateDir);
    put(flags, Setting.DEVICE, device);
    put(flags, Setting.ENGINE, engine);
    put(flags, Setting.INTRA_OP_THREADS, intraOpThreads);
    put(flags, Setting.INTER_OP_THREADS, interOpThreads);
    put(flags, Setting.INFERENCE_SHARDS, inferenceShards);
    put(flags, Setting.GPU_MEMORY_FRACTION, gpuMemoryFraction);
    put(flags, Setting.MODEL_POLL_INTERVAL_MS, modelPollIntervalMs);
    put(flags, Setting.METRICS_HOST, metricsHost);
    put(flags, Setting.METRICS_PORT, metricsPort);
    put(flags, Setting.HEALTH_PORT, healthPort);
    put(flags, Setting.WEB_VIEW, webView);
    put(flags, Setting.WEB_ALLOWED_HOSTS, webAllowedHosts);
    put(flags, Setting.SHUTDOWN_TIMEOUT_MS, shutdownTimeoutMs);
    kafka.forEach((key, value) -> flags.put(Setting.KAFKA_PREFIX + key, value));
    return flags;
  }

  private static void put(Map<String, String> flags, Setting setting, Object value) {
    if (value != null) {
      flags.put(setting.key(), value.toString());
    }
  }
}
