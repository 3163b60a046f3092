package io.mnasnet.cli.consume;

import io.mnasnet.cli.CommandFailedException;
import io.mnasnet.cli.DurationConverter;
import io.mnasnet.cli.StopSignal;
import io.mnasnet.cli.kafka.KafkaClientOptions;
import io.mnasnet.cli.kafka.KafkaClientSettings;
import io.mnasnet.cli.kafka.KafkaPreflight;
import io.mnasnet.schemas.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet consume}: reads {@link io.mnasnet.schemas.Prediction}s from {@code
 * predictions-out} (committed records only) and prints them as a live table or JSON lines, with the
 * running accuracy and a closing summary (count, accuracy, latency percentiles). Uses no consumer
 * group and commits nothing. Needs a reachable broker.
 */
@Command(
    name = "consume",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Read predictions (topic predictions-out unless --topic) and print them as a table (id,"
          + " predicted class, probability, true class where known, latency, running accuracy) or"
          + " as JSON lines (--json).",
      "Stops after --max predictions, after --timeout without new records, or on Ctrl-C; then"
          + " prints a summary: count, accuracy over predictions with a true label, p50/p95/p99 of"
          + " the end-to-end latency (the pipeline's timings.endToEndMs: from the image's timestamp"
          + " to its prediction). With --json the table is off and the summary goes to stderr.",
    },
    footer = {
      "",
      KafkaClientOptions.PRECEDENCE_HELP
          + " Consumer defaults: isolation.level=read_committed, enable.auto.commit=false,"
          + " client.id=mnasnet-consume (no group.id needed: partitions are assigned, not"
          + " subscribed).",
      "",
      "Examples:",
      "  bin/mnasnet consume --from-beginning --max 1000",
      "  bin/mnasnet consume --json --timeout 0 | jq -r '.topK[0].label'"
    })
public final class ConsumeCommand implements Callable<Integer> {
  private static final Duration TOPIC_WAIT_INTERVAL = Duration.ofMillis(500);

  @Spec private CommandSpec spec;

  @Mixin private KafkaClientOptions kafka;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = Topics.PREDICTIONS_OUT,
      description = "Topic to read (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--from-beginning",
      description =
          "Read the topic from its start; by default only predictions that arrive from now on.")
  private boolean fromBeginning;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "0",
      description = "Stop after N predictions; 0 = no limit (default).")
  private long max;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Stop when no record arrived for this long, e.g. 500ms, 30s, 2m; 0 = never (default:"
              + " ${DEFAULT-VALUE}). Also how long to wait for the topic to be created.")
  private Duration timeout;

  @Option(names = "--json", description = "Print each prediction as one line of JSON.")
  private boolean json;

  @Override
  public Integer call() {
    if (max < 0) {
      throw new ParameterException(spec.commandLine(), "--max must be >= 0, got " + max);
    }
    if (timeout.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--timeout must not be negative");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KafkaClientSettings settings = kafka.settings();
    List<TopicPartition> partitions;
    try (KafkaPreflight preflight =
        KafkaPreflight.connect(settings, KafkaPreflight.DEFAULT_TIMEOUT)) {
      partitions = awaitTopic(preflight, err);
    }
    if (partitions.isEmpty()) {
      throw new CommandFailedException(
          "Topic '"
              + topic
              + "' does not exist at "
              + settings.bootstrapServers()
              + " (waited "
              + timeout.toSeconds()
              + " s). Is the pipeline running (bin/mnasnet run)? Is --topic right?");
    }

    PredictionPrinter printer = new PredictionPrinter(out, err, json);
    err.println(
        "Reading '"
            + topic
            + "' ("
            + partitions.size()
            + " partitions) from "
            + (fromBeginning ? "the beginning" : "now on")
            + " at "
            + settings.bootstrapServers()
            + (timeout.isZero()
                ? ""
                : "; stops after " + DurationText.of(timeout) + " without records")
            + ".");
    err.flush();
    printer.start();
    // the stop signal stays installed until the summary is printed, so Ctrl-C still gets one
    try (StopSignal stop = StopSignal.install()) {
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(
              settings.withDefaults(consumerDefaults()),
              new StringDeserializer(),
              new ByteArrayDeserializer())) {
        stop.wakeUpWith(consumer::wakeup);
        new PredictionReader(consumer)
            .read(partitions, fromBeginning, max, timeout, stop::isRequested, printer);
      }
      printer.finish();
    }
    return 0;
  }

  /** The topic's partitions, waiting up to the idle timeout for it to be created. */
  private List<TopicPartition> awaitTopic(KafkaPreflight preflight, PrintWriter err) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean told = false;
    while (true) {
      Optional<TopicDescription> description = preflight.describe(topic);
      if (description.isPresent()) {
        return description.get().partitions().stream()
            .map(partition -> new TopicPartition(topic, partition.partition()))
            .toList();
      }
      if (!timeout.isZero() && System.nanoTime() >= deadline) {
        return List.of();
      }
      if (!told) {
        err.println("Topic '" + topic + "' does not exist yet; waiting for it.");
        err.flush();
        told = true;
      }
      try {
        Thread.sleep(TOPIC_WAIT_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }
  }

  private static Map<String, Object> consumerDefaults() {
    return Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "mnasnet-consume");
  }

  /** A duration as people write it: 30s, 2m, 500ms. */
  private static final class DurationText {
    static String of(Duration duration) {
      long millis = duration.toMillis();
      if (millis % 60_000 == 0) {
        return millis / 60_000 + " min";
      }
      if (millis % 1_000 == 0) {
        return millis / 1_000 + " s";
      }
      return millis + " ms";
    }
  }
}
