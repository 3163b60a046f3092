package io.mnasnet.cli.produce;

import io.mnasnet.cli.CommandFailedException;
import io.mnasnet.cli.StopSignal;
import io.mnasnet.cli.kafka.KafkaClientOptions;
import io.mnasnet.cli.kafka.KafkaClientSettings;
import io.mnasnet.cli.kafka.KafkaPreflight;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventSerializer;
import io.mnasnet.schemas.Topics;
import io.mnasnet.trainer.data.Split;
import io.mnasnet.trainer.runlog.ProgressBar;
import io.mnasnet.trainer.runlog.ProgressBar.Display;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet produce}: sends images to {@code images-in} (key = image id, value = an {@link
 * ImageEvent} as JSON envelope or raw bytes). Reads folders, files and Fashion-MNIST ({@link
 * ImageSource}); needs a reachable broker; creates the topic with the broker's defaults when it is
 * missing. Prints a progress bar on stderr and a summary on stdout; exits 1 when nothing could be
 * sent or a send failed.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Send images to Kafka (topic images-in unless --topic): the PNG/JPEG files"
          + " of folders (recursively) and single files, or Fashion-MNIST test/train images"
          + " (encoded as PNG, with their true label as attribute 'label' = class index and"
          + " 'labelName').",
      "Files that are not PNG/JPEG images (checked by their bytes) are skipped and named in the"
          + " summary. Waits for every acknowledgement; exits 1 if nothing could be sent or a send"
          + " failed. Creates the topic with the broker's defaults if it does not exist.",
    },
    footer = {
      "",
      KafkaClientOptions.PRECEDENCE_HELP
          + " Producer defaults: acks=all, linger.ms=5, client.id=mnasnet-produce.",
      "",
      "Examples:",
      "  bin/mnasnet produce --fashion-mnist --limit 1000 --rate 100",
      "  bin/mnasnet produce --format raw photos/ extra/boot.jpg",
      "  bin/mnasnet produce --format raw --max-side 1280 camera-photos/",
      "  bin/mnasnet produce -b broker:9093 --config client-ssl.properties photos/"
    })
public final class ProduceCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private KafkaClientOptions kafka;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description =
          "Image files and folders. A folder is read recursively for *.png, *.jpg and *.jpeg;"
              + " ids are paths relative to it (sub/a.png), a file's id is its name.")
  private List<Path> paths = new ArrayList<>();

  @Option(
      names = "--fashion-mnist",
      description = "Send Fashion-MNIST images (ids like fmnist-test-00042).")
  private boolean fashionMnist;

  @Option(
      names = "--split",
      paramLabel = "test|train",
      defaultValue = "test",
      converter = SplitConverter.class,
      description = "Fashion-MNIST split (default: ${DEFAULT-VALUE}).")
  private Split split;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Directory with the Fashion-MNIST IDX files (.gz or plain). Default:"
              + " /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist), else"
              + " the bundled 1,000-image test sample.")
  private Path dataDir;

  @Option(
      names = "--format",
      paramLabel = "json|raw",
      defaultValue = "json",
      description =
          "Record format: json (envelope with base64 data) or raw (image bytes as the value,"
              + " metadata in headers). Default: ${DEFAULT-VALUE}.")
  private ImageEventFormat format;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "0",
      description = "Images per second; 0 = as fast as possible (default).")
  private double rate;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Send at most N images; 0 = all (default).")
  private long limit;

  @Option(
      names = "--max-side",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Shrink images whose longer side exceeds N pixels to N before sending, keeping the"
              + " aspect ratio (re-encoded as JPEG quality 0.92 or PNG); 0 = send as they are"
              + " (default). 1280 keeps 12-MP photos under Kafka's 1 MB default message size and"
              + " loses nothing for a 224 model.")
  private int maxSide;

  @Option(
      names = "--label-from-folder",
      description =
          "For folders: attach each image's class as its label (attr.label), the name of the"
              + " folder it is in (<class>/*.jpg, as train --dataset imagefolder reads them), so"
              + " that train --from-kafka can learn from the topic.")
  private boolean labelFromFolder;

  @Option(
      names = "--invert",
      description =
          "Send each image's negative (255 - value), ids suffixed -inv, labels kept: a simple"
              + " drift of the input, to see a served model fail on it and a retrained one"
              + " recover (README, \"Retrain from the stream\").")
  private boolean invert;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = Topics.IMAGES_IN,
      description = "Topic to send to (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--no-progress",
      description = "No progress bar (it is shown only when the console is a terminal).")
  private boolean noProgress;

  @Override
  public Integer call() {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ImageSource source = openSource();
    KafkaClientSettings settings = kafka.settings();
    try (KafkaPreflight preflight =
        KafkaPreflight.connect(settings, KafkaPreflight.DEFAULT_TIMEOUT)) {
      if (preflight.createTopicIfMissing(topic)) {
        err.println(
            "Created topic '" + topic + "' with the broker's default partitions and replication.");
      }
    }
    err.println(
        "Sending "
            + source.description()
            + " to '"
            + topic
            + "' at "
            + settings.bootstrapServers());
    err.flush();

    try (StopSignal stop = StopSignal.install()) {
      ProduceSummary summary;
      try (KafkaProducer<String, ImageEvent> producer =
          new KafkaProducer<>(
              settings.withDefaults(producerDefaults()),
              new StringSerializer(),
              new ImageEventSerializer(format))) {
        long expected = source.size().orElse(0);
        if (limit > 0 && (expected == 0 || limit < expected)) {
          expected = limit;
        }
        ProgressBar progress =
            new ProgressBar(
                err,
                !noProgress && System.console() != null ? Display.IN_PLACE : Display.NONE,
                "",
                expected,
                System::nanoTime,
                ProgressBar.DEFAULT_PLAIN_LINE_INTERVAL);
        ImageSender sender =
            new ImageSender(
                producer, topic, format, RateLimiter.perSecond(rate), System::currentTimeMillis);
        summary = sender.sendAll(source, limit, progress, stop::isRequested);
      }
      summary.lines().forEach(out::println);
      out.flush();
      if (summary.sent() == 0) {
        throw new CommandFailedException(nothingSentReason(summary, source));
      }
      return summary.failed() > 0 ? CommandFailedException.DEFAULT_EXIT_CODE : 0;
    }
  }

  private static String nothingSentReason(ProduceSummary summary, ImageSource source) {
    if (!summary.failures().isEmpty() || !summary.skipped().isEmpty()) {
      return "Nothing was sent (see above).";
    }
    if (summary.stopped()) {
      return "Stopped before any image was sent.";
    }
    return "Nothing was sent: no images found in " + source.description() + ".";
  }

  private void validate() {
    if (paths.isEmpty() && !fashionMnist) {
      throw new ParameterException(
          spec.commandLine(), "Nothing to send: give image files or folders, or --fashion-mnist.");
    }
    if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
      throw new ParameterException(spec.commandLine(), "--rate must be >= 0, got " + rate);
    }
    if (maxSide < 0) {
      throw new ParameterException(spec.commandLine(), "--max-side must be >= 0, got " + maxSide);
    }
    if (limit < 0) {
      throw new ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
    }
    if (!fashionMnist
        && (dataDir != null || spec.commandLine().getParseResult().hasMatchedOption("--split"))) {
      throw new ParameterException(
          spec.commandLine(), "--split and --data-dir go with --fashion-mnist.");
    }
  }

  private ImageSource openSource() {
    List<ImageSource> sources = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try {
          sources.add(FolderImageSource.of(path, labelFromFolder));
        } catch (IOException e) {
          throw new CommandFailedException("Cannot list folder " + path + ": " + e.getMessage(), e);
        }
      } else {
        files.add(path);
      }
    }
    if (!files.isEmpty()) {
      sources.add(new FileImageSource(files));
    }
    if (fashionMnist) {
      try {
        sources.add(FashionMnistImageSource.load(dataDir, split));
      } catch (IOException e) {
        throw new CommandFailedException("Cannot read Fashion-MNIST: " + e.getMessage(), e);
      }
    }
    ImageSource all = ConcatenatedImageSource.of(sources);
    ImageSource sized = maxSide > 0 ? new DownscalingImageSource(all, maxSide) : all;
    return invert ? new InvertingImageSource(sized) : sized;
  }

  private static Map<String, Object> producerDefaults() {
    return Map.of(
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.CLIENT_ID_CONFIG, "mnasnet-produce");
  }

  /** Reads {@code test} or {@code train}, the names people use for the splits. */
  static final class SplitConverter implements picocli.CommandLine.ITypeConverter<Split> {
    @Override
    public Split convert(String value) {
      for (Split candidate : Split.values()) {
        if (candidate.cliName().equalsIgnoreCase(value.trim())) {
          return candidate;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "'" + value + "' is not a split; use test or train");
    }
  }
}
