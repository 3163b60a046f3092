package io.mnasnet.cli.demo;

import io.mnasnet.cli.CommandFailedException;
import io.mnasnet.cli.DurationConverter;
import io.mnasnet.cli.StopSignal;
import io.mnasnet.cli.consume.PredictionPrinter;
import io.mnasnet.cli.kafka.KafkaClientOptions;
import io.mnasnet.cli.kafka.KafkaClientSettings;
import io.mnasnet.cli.produce.FashionMnistImageSource;
import io.mnasnet.cli.produce.ImageSource;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.kafka.local.KafkaStartupException;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.streams.StreamingClassifierApp;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.InferenceSettings;
import io.mnasnet.streams.config.StreamsAppConfig.KafkaSettings;
import io.mnasnet.streams.config.StreamsAppConfig.OperationsSettings;
import io.mnasnet.streams.config.StreamsAppConfig.TopicSettings;
import io.mnasnet.streams.inference.EngineModelLoader;
import io.mnasnet.streams.inference.ModelIdentity;
import io.mnasnet.streams.inference.ModelLoadException;
import io.mnasnet.streams.inference.ModelLoader;
import io.mnasnet.trainer.data.Split;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet demo}: the whole pipeline in one process. Starts a one-broker KRaft cluster in
 * this JVM (or uses the cluster of {@code --bootstrap-servers}), creates the topics {@code
 * images-in}, {@code predictions-out} and {@code images-dlq}, starts the streaming classifier
 * (application id {@value #APPLICATION_ID}) with the shipped pretrained Fashion-MNIST model or
 * {@code --model}, sends Fashion-MNIST test images (the installed data set, else the bundled
 * 1,000-image sample) and shows their predictions live; ends with a summary and exits 0 when every
 * image sent was predicted or dead-lettered. Ctrl-C stops it early, with the summary.
 *
 * <p>Writes: the in-process broker's data and the app's local state, in temporary directories
 * deleted at the end; on an existing cluster, records on the three topics and the app's internal
 * topics and consumer group.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    resourceBundle = "io.mnasnet.cli.demo.DemoCommandHelp",
    description = {
      "Run the whole pipeline in this process and watch it classify real Fashion-MNIST images.",
      "",
      "Starts:  a Kafka broker (KRaft, 1 node, in a temporary directory; or uses the cluster of"
          + " --bootstrap-servers), the topics images-in, predictions-out and images-dlq, and the"
          + " streaming classifier (Kafka Streams, exactly-once, application id "
          + DemoCommand.APPLICATION_ID
          + ") with the pretrained model (--model).",
      "Sends:   Fashion-MNIST test images as PNG to images-in (/usr/share/datasets/fashion-mnist"
          + " when installed, else the bundled 1,000-image sample).",
      "Shows:   each prediction (id, predicted and true class, probability, end-to-end latency),"
          + " the running accuracy and throughput; then a summary: images sent, predicted,"
          + " dead-lettered, accuracy, images/s, latency p50/p95/p99. The live web view's URL is"
          + " printed at start (--open opens it).",
      "Ends when every image is predicted or dead-lettered (exit 0), after --timeout without"
          + " progress (exit 1), or on Ctrl-C (with the summary).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  bin/mnasnet demo",
      "  bin/mnasnet demo --open --rate 20",
      "  bin/mnasnet demo --count 10000 --rate 0 --no-table",
      "  bin/mnasnet demo -b broker:9092 --model models/my-model"
    })
public final class DemoCommand implements Callable<Integer> {
  /** The Kafka Streams application id of the demo's classifier. */
  public static final String APPLICATION_ID = "mnasnet-demo";

  private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOPPED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);

  @Spec private CommandSpec spec;

  @Mixin private KafkaClientOptions kafka;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      defaultValue = "1000",
      description = "Images to send (default: ${DEFAULT-VALUE}); 0 = the whole test split.")
  private long count;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Images per second (default: ${DEFAULT-VALUE}, a pace the table can show); 0 = as fast"
              + " as possible.")
  private double rate;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description =
          "Model directory (a SavedModel with mnasnet.json, or numbered versions of one)."
              + " Default: the shipped pretrained model, "
              + DemoModel.SHIPPED
              + " in the project.")
  private Path model;

  @Option(
      names = "--format",
      paramLabel = "json|raw",
      defaultValue = "json",
      description =
          "Record format of the images: json (envelope) or raw (PNG bytes, metadata in headers)."
              + " Default: ${DEFAULT-VALUE}.")
  private ImageEventFormat format;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory with the Fashion-MNIST IDX files. Default: /usr/share/datasets/fashion-mnist,"
              + " else the bundled sample.")
  private Path dataDir;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Give up when no prediction arrived for this long after the last image was sent"
              + " (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Option(
      names = "--no-table",
      description = "Show no predictions, only the summary (for scripts and tests).")
  private boolean noTable;

  @Option(
      names = "--open",
      description =
          "Open the live web view in the desktop's browser at start (where there is one; the URL"
              + " is printed either way).")
  private boolean openBrowser;

  @Option(
      names = "--json-summary",
      description = "Print the summary as one JSON object instead of text.")
  private boolean jsonSummary;

  @Override
  public Integer call() throws Exception {
    validate();
    long startNanos = System.nanoTime();
    long startEpochMs = System.currentTimeMillis();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path modelDir = DemoModel.resolve(model);
    ImageSource images = loadImages();
    // inference does not depend on Kafka: the classifier's defaults (device, TensorFlow threads)
    InferenceSettings inference =
        StreamsAppConfig.defaults(KafkaClientOptions.DEFAULT_BOOTSTRAP_SERVERS, modelDir)
            .inference();

    // installed first and closed last: Ctrl-C waits for the summary and the shutdown
    try (StopSignal stop = StopSignal.install();
        DemoLogging logging = DemoLogging.quiet();
        PreloadingModelLoader loader = preload(inference)) {
      err.println(
          kafka.brokersGiven()
              ? "Connecting to Kafka..."
              : "Starting a Kafka broker in-process...");
      err.flush();
      DemoKafka cluster;
      try {
        cluster =
            kafka.brokersGiven()
                ? DemoKafka.existing(kafka.settings())
                : DemoKafka.startInProcess();
      } catch (KafkaStartupException e) {
        if (!stop.isRequested()) {
          throw e;
        }
        // Ctrl-C interrupted the broker's start; it stopped and deleted its data
        err.println("Stopped before any image was sent.");
        err.flush();
        return CommandFailedException.DEFAULT_EXIT_CODE;
      }
      try (cluster) {
        note(err, startNanos, cluster.description());
        if (stop.isRequested()) {
          // Ctrl-C while the broker started: leave within the stop signal's grace period
          err.println("Stopped before any image was sent.");
          err.flush();
          return CommandFailedException.DEFAULT_EXIT_CODE;
        }
        Path stateDir = Files.createTempDirectory("mnasnet-demo-state-");
        try {
          StreamsAppConfig config = appConfig(cluster.settings(), inference, stateDir);
          DemoSummary summary =
              classify(config, loader, cluster.settings(), images, stop, startNanos, startEpochMs);
          if (jsonSummary) {
            out.println(summary.toJson());
          } else {
            out.println();
            summary.lines().forEach(out::println);
          }
          out.flush();
          return summary.sent() > 0 && summary.missing() == 0
              ? 0
              : CommandFailedException.DEFAULT_EXIT_CODE;
        } finally {
          Utils.delete(stateDir.toFile());
        }
      }
    }
  }

  /** Starts the classifier, runs the images through it, stops it; returns the summary. */
  private DemoSummary classify(
      StreamsAppConfig config,
      ModelLoader loader,
      KafkaClientSettings settings,
      ImageSource images,
      StopSignal stop,
      long startNanos,
      long startEpochMs)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StreamingClassifierApp app = new StreamingClassifierApp(config, loader);
    try {
      startApp(app, config);
      ModelIdentity served = app.servedModel().orElseThrow();
      note(
          err,
          startNanos,
          "Classifier running: model "
              + served
              + " from "
              + config.inference().modelDir()
              + ", metrics at http://127.0.0.1:"
              + app.metricsPort()
              + "/metrics");
      app.webViewUrl().ifPresent(url -> showWebView(err, url));
      err.println(
          "Sending "
              + (count > 0 ? count + " images " : "all images ")
              + (rate > 0 ? "at " + fmt(rate) + "/s " : "as fast as possible ")
              + "of the "
              + images.description());
      err.flush();

      PredictionPrinter printer =
          new PredictionPrinter(
              out, err, noTable ? PredictionPrinter.Rows.NONE : PredictionPrinter.Rows.TABLE);
      DemoView view = new DemoView(printer, out, !noTable, startEpochMs, System::nanoTime);
      printer.start();
      RoundTrip.Sent sent =
          new RoundTrip(
                  settings,
                  config.topics().input(),
                  config.topics().output(),
                  format,
                  rate,
                  timeout)
              .run(images, count, view, () -> (long) app.metrics().deadLetteredTotal(), stop, err);
      long last = view.lastPredictionNanos();
      return DemoSummary.of(
          served.toString(),
          sent.summary().sent(),
          view.predicted(),
          (long) app.metrics().deadLetteredTotal(),
          printer.accuracy(),
          printer.latencies(),
          view.predicted() == 0 ? 0 : view.predicted() * 1e9 / (last - sent.startNanos()),
          view.predicted() == 0 ? null : (view.firstPredictionNanos() - startNanos) / 1e9,
          stop.isRequested());
    } finally {
      if (stop.isRequested()) {
        app.closeWithoutFlushing(STOPPED_SHUTDOWN_TIMEOUT);
      } else {
        app.close(SHUTDOWN_TIMEOUT);
      }
    }
  }

  private void showWebView(PrintWriter err, String url) {
    err.println("Live view: " + url + " (read-only; it closes when the demo ends)");
    if (openBrowser && !DesktopBrowser.open(url)) {
      err.println("No desktop browser found here (--open); open the address above yourself.");
    }
    err.flush();
  }

  private static void startApp(StreamingClassifierApp app, StreamsAppConfig config)
      throws InterruptedException {
    try {
      app.start();
      app.awaitRunning(RUNNING_TIMEOUT);
    } catch (ModelLoadException e) {
      throw new CommandFailedException(
          "Cannot load the model from " + config.inference().modelDir() + ": " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      // topics that cannot be created, Kafka Streams failing to start: say so without a trace
      throw new CommandFailedException(
          "The streaming classifier did not start at "
              + config.kafka().bootstrapServers()
              + ": "
              + e.getMessage()
              + ". Run with MNASNET_LOG_LEVEL=INFO for its logs.",
          e);
    }
  }

  /** Starts loading the model while Kafka starts. */
  private static PreloadingModelLoader preload(InferenceSettings inference) {
    try {
      return PreloadingModelLoader.start(
          new ModelDirectory(inference.modelDir()),
          // the demo's app runs with the default limits (appConfig)
          EngineModelLoader.forSettings(inference, ImageSizeLimit.DEFAULT));
    } catch (ModelLoadException e) {
      throw new CommandFailedException(e.getMessage() + " (--model)", e);
    }
  }

  /** The classifier's defaults, with the demo's application id, topics, state and endpoint. */
  private static StreamsAppConfig appConfig(
      KafkaClientSettings settings, InferenceSettings inference, Path stateDir) {
    StreamsAppConfig defaults =
        StreamsAppConfig.defaults(settings.bootstrapServers(), inference.modelDir())
            .withInference(inference);
    Map<String, String> clientSettings = new LinkedHashMap<>();
    settings
        .properties()
        .forEach(
            (key, value) -> {
              if (!key.equals(KafkaClientSettings.BOOTSTRAP_SERVERS)) {
                clientSettings.put(key, value.toString());
              }
            });
    TopicSettings topics = defaults.topics();
    return defaults
        .withKafka(
            new KafkaSettings(
                settings.bootstrapServers(),
                APPLICATION_ID,
                defaults.kafka().guarantee(),
                defaults.kafka().streamThreads(),
                stateDir,
                clientSettings))
        .withTopics(
            new TopicSettings(
                topics.input(),
                topics.output(),
                topics.deadLetter(),
                true,
                topics.partitions(),
                topics.replicationFactor()))
        // any free port, on loopback only: this is not a service
        .withOperations(new OperationsSettings("127.0.0.1", 0, SHUTDOWN_TIMEOUT));
  }

  private ImageSource loadImages() {
    try {
      return FashionMnistImageSource.load(dataDir, Split.TEST);
    } catch (IOException e) {
      throw new CommandFailedException("Cannot read Fashion-MNIST: " + e.getMessage(), e);
    }
  }

  private void validate() {
    if (count < 0) {
      throw new ParameterException(spec.commandLine(), "--count must be >= 0, got " + count);
    }
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new ParameterException(spec.commandLine(), "--rate must be >= 0, got " + rate);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ParameterException(spec.commandLine(), "--timeout must be positive");
    }
  }

  private static void note(PrintWriter err, long startNanos, String message) {
    err.println(
        String.format(
            Locale.ROOT, "[%5.1f s] %s", (System.nanoTime() - startNanos) / 1e9, message));
    err.flush();
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
