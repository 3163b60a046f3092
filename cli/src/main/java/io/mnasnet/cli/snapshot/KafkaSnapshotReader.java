package io.mnasnet.cli.snapshot;

import io.mnasnet.cli.CommandFailedException;
import io.mnasnet.cli.kafka.KafkaClientSettings;
import io.mnasnet.cli.kafka.KafkaPreflight;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.trainer.runlog.ProgressBar;
import io.mnasnet.trainer.snapshot.KeyHashSplit;
import io.mnasnet.trainer.snapshot.ReadStatistics;
import io.mnasnet.trainer.snapshot.RecordRef;
import io.mnasnet.trainer.snapshot.SnapshotCacheWriter;
import io.mnasnet.trainer.snapshot.SnapshotManifest;
import io.mnasnet.trainer.snapshot.SnapshotOrigin;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a bounded snapshot of Kafka topics into a snapshot cache: the end offsets are read first
 * (with {@code read_committed}, the last stable offsets), then every partition is read from its
 * {@link SnapshotStart} to that end and no further, so records written meanwhile are not in it. No
 * consumer group: partitions are assigned, nothing is committed. Records are decoded on several
 * threads and written to the cache in the order they were read.
 *
 * <p>Reads: the topics. Writes: the cache directory. Needs: READ on every topic.
 */
final class KafkaSnapshotReader {
  /** Records decoded ahead of the cache writer, at most. */
  private static final int IN_FLIGHT_PER_THREAD = 64;

  /** How long reading may make no progress before it gives up. */
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  /**
   * What to read.
   *
   * @param topics the topics to train on
   * @param validationTopics topics held out whole for validation; empty: the key-hash split
   * @param start where each partition starts
   * @param validationFraction the key-hash share held out (without validation topics)
   * @param group the consumer group whose committed offsets {@code --from committed} starts from
   *     (read, so that a missing READ on it fails before any training), or null
   * @param threads decoding threads
   */
  record Plan(
      List<String> topics,
      List<String> validationTopics,
      SnapshotStart start,
      double validationFraction,
      String group,
      int threads) {
    Plan {
      topics = List.copyOf(topics);
      validationTopics = List.copyOf(validationTopics);
    }

    List<String> allTopics() {
      List<String> all = new ArrayList<>(topics);
      all.addAll(validationTopics);
      return all;
    }

    ModelLineage.Split split() {
      return validationTopics.isEmpty()
          ? new KeyHashSplit(validationFraction).lineage()
          : new ModelLineage.Split(ModelLineage.Split.TOPICS, 0, validationTopics);
    }
  }

  private final KafkaClientSettings settings;
  private final PrintStream console;
  private final BooleanSupplier stopRequested;

  KafkaSnapshotReader(
      KafkaClientSettings settings, PrintStream console, BooleanSupplier stopRequested) {
    this.settings = settings;
    this.console = console;
    this.stopRequested = stopRequested;
  }

  /**
   * Reads the snapshot {@code plan} describes into {@code writer} and finishes the cache.
   *
   * @throws CommandFailedException when a topic is missing, access is denied (naming the grant),
   *     the snapshot is empty, or reading stalls; one line saying what to do
   * @throws io.mnasnet.trainer.snapshot.UnusableSnapshotException when nothing read can serve
   */
  SnapshotManifest read(Plan plan, SnapshotCacheWriter writer, SnapshotCacheWriter.Purpose purpose)
      throws IOException {
    String clusterId;
    List<TopicPartition> partitions = new ArrayList<>();
    try (KafkaPreflight preflight =
        KafkaPreflight.connect(settings, KafkaPreflight.DEFAULT_TIMEOUT)) {
      clusterId = preflight.clusterId();
      for (String topic : plan.allTopics()) {
        partitions.addAll(partitionsOf(preflight, topic, plan));
      }
    }
    Map<String, Object> config =
        settings.withDefaults(
            Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "mnasnet-train-snapshot",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                1000));
    // the snapshot is bounded by offsets, not by group state: whatever the settings say
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    if (plan.group() != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, plan.group());
    } else if (plan.start() instanceof SnapshotStart.Committed) {
      throw new CommandFailedException(
          "--from committed starts where a consumer group's last run ended; name it with --group");
    }
    RecordDecoder decoder =
        new RecordDecoder(
            writer.classes(), writer.geometry(), ImageSizeLimit.DEFAULT, holdOut(plan));
    ExecutorService pool = Executors.newFixedThreadPool(plan.threads(), daemonThreads());
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      long takenAtMs = System.currentTimeMillis();
      List<ModelLineage.PartitionRange> ranges =
          SnapshotBounds.resolve(
              consumer,
              partitions,
              plan.start(),
              committed(consumer, partitions, plan.group()),
              KafkaPreflight.DEFAULT_TIMEOUT);
      long total = ranges.stream().mapToLong(r -> r.end() - r.start()).sum();
      if (total == 0) {
        throw new CommandFailedException(
            "the snapshot is empty: nothing between --from "
                + plan.start().text()
                + " and the end offsets of "
                + describe(ranges)
                + ". Produce labelled images first, or choose an earlier --from.");
      }
      console.printf(
          Locale.ROOT,
          "Snapshot of %s at %s (cluster %s): %d offsets to read, read_committed, from %s%n",
          describe(ranges),
          settings.bootstrapServers(),
          clusterId,
          total,
          plan.start().text());
      ReadStatistics statistics =
          readAll(consumer, ranges, total, decoder, pool, plan.threads(), writer);
      SnapshotOrigin origin =
          new SnapshotOrigin(
              clusterId,
              settings.bootstrapServers(),
              plan.start().text(),
              plan.group(),
              takenAtMs,
              ranges,
              plan.split());
      SnapshotManifest manifest = writer.finish(origin, statistics, purpose);
      report(manifest, writer);
      return manifest;
    } catch (KafkaException e) {
      throw denied(e, plan.allTopics(), plan.group())
          .orElseGet(() -> new CommandFailedException(readFailure(e), e));
    } finally {
      pool.shutdownNow();
    }
  }

  /** The group's committed offsets of {@code partitions} (none without a group). */
  private static Map<TopicPartition, Long> committed(
      KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, String group) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    if (group == null) {
      return offsets;
    }
    consumer
        .committed(Set.copyOf(partitions), KafkaPreflight.DEFAULT_TIMEOUT)
        .forEach(
            (tp, offset) -> {
              if (offset != null) {
                offsets.put(tp, offset.offset());
              }
            });
    return offsets;
  }

  /**
   * Commits the end offsets of {@code manifest}'s snapshot as {@code group}'s offsets, so that the
   * next {@code --from committed} starts after the records this run learnt.
   */
  void commit(String group, SnapshotManifest manifest) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    String note = "mnasnet train: snapshot taken at " + manifest.snapshot().takenAtMs();
    for (ModelLineage.PartitionRange range : manifest.snapshot().partitions()) {
      offsets.put(
          new TopicPartition(range.topic(), range.partition()),
          new OffsetAndMetadata(range.end(), note));
    }
    Map<String, Object> config =
        settings.withDefaults(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "mnasnet-train-snapshot"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(offsets.keySet());
      consumer.commitSync(offsets, KafkaPreflight.DEFAULT_TIMEOUT);
      console.println(
          "Committed the snapshot's end offsets for group '"
              + group
              + "': the next --from committed starts after them.");
    } catch (KafkaException e) {
      throw ReadPermission.explain(
              e,
              manifest.snapshot().partitions().stream()
                  .map(ModelLineage.PartitionRange::topic)
                  .distinct()
                  .toList(),
              group)
          .map(message -> new CommandFailedException(message, e))
          .orElseGet(
              () ->
                  new CommandFailedException(
                      "could not commit the snapshot's end offsets for group '"
                          + group
                          + "': "
                          + e.getMessage(),
                      e));
    }
  }

  private List<TopicPartition> partitionsOf(KafkaPreflight preflight, String topic, Plan plan) {
    Optional<TopicDescription> description;
    try {
      description = preflight.describe(topic);
    } catch (CommandFailedException e) {
      throw denied(e, List.of(topic), plan.group()).orElse(e);
    }
    if (description.isEmpty()) {
      throw new CommandFailedException(
          "topic '"
              + topic
              + "' does not exist at "
              + settings.bootstrapServers()
              + ". Check "
              + (plan.validationTopics().contains(topic) ? "--val-from-kafka" : "--from-kafka")
              + " (and --bootstrap-servers); nothing was written.");
    }
    return description.get().partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  private ReadStatistics readAll(
      KafkaConsumer<byte[], byte[]> consumer,
      List<ModelLineage.PartitionRange> ranges,
      long total,
      RecordDecoder decoder,
      ExecutorService pool,
      int threads,
      SnapshotCacheWriter writer)
      throws IOException {
    Map<TopicPartition, Long> ends = new HashMap<>();
    Set<TopicPartition> remaining = new HashSet<>();
    List<TopicPartition> assigned = new ArrayList<>();
    for (ModelLineage.PartitionRange range : ranges) {
      TopicPartition tp = new TopicPartition(range.topic(), range.partition());
      if (range.end() > range.start()) {
        ends.put(tp, range.end());
        remaining.add(tp);
        assigned.add(tp);
      }
    }
    consumer.assign(assigned);
    for (ModelLineage.PartitionRange range : ranges) {
      TopicPartition tp = new TopicPartition(range.topic(), range.partition());
      if (ends.containsKey(tp)) {
        consumer.seek(tp, range.start());
      }
    }
    int maxInFlight = IN_FLIGHT_PER_THREAD * threads;
    Deque<Pending> inFlight = new ArrayDeque<>();
    ProgressBar progress =
        new ProgressBar(
            new PrintWriter(console, true),
            System.console() != null
                ? ProgressBar.Display.IN_PLACE
                : ProgressBar.Display.PLAIN_LINES,
            "snapshot",
            total,
            System::nanoTime,
            ProgressBar.DEFAULT_PLAIN_LINE_INTERVAL);
    long startNanos = System.nanoTime();
    long startCpuNanos = processCpuNanos();
    long lastProgressNanos = startNanos;
    long bytes = 0;
    while (!remaining.isEmpty()) {
      if (stopRequested.getAsBoolean()) {
        throw new CommandFailedException("stopped while reading the snapshot; nothing was kept");
      }
      ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
      for (ConsumerRecord<byte[], byte[]> record : records) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Long end = ends.get(tp);
        if (end == null || record.offset() >= end) {
          continue; // written after the snapshot was taken
        }
        bytes +=
            Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        inFlight.add(new Pending(record, pool.submit(() -> decoder.decode(record))));
        while (inFlight.size() >= maxInFlight) {
          write(inFlight.removeFirst(), writer);
        }
      }
      List<TopicPartition> finished = new ArrayList<>();
      for (TopicPartition tp : remaining) {
        long at = consumer.position(tp);
        if (at >= ends.get(tp)) {
          finished.add(tp);
        }
      }
      if (!finished.isEmpty()) {
        finished.forEach(remaining::remove);
        consumer.pause(finished);
      }
      long now = System.nanoTime();
      if (!records.isEmpty() || !finished.isEmpty()) {
        lastProgressNanos = now;
      } else if (now - lastProgressNanos > STALL_TIMEOUT.toNanos()) {
        throw new CommandFailedException(
            "reading the snapshot made no progress for "
                + STALL_TIMEOUT.toSeconds()
                + " s with "
                + remaining
                + " unfinished; is the cluster healthy? Nothing was kept.");
      }
      progress.update(writer.recordsRead() + inFlight.size());
    }
    while (!inFlight.isEmpty()) {
      write(inFlight.removeFirst(), writer);
    }
    progress.finish(writer.recordsRead());
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double cpuSeconds = (processCpuNanos() - startCpuNanos) / 1e9;
    return new ReadStatistics(writer.recordsRead(), bytes, seconds, cpuSeconds, 0);
  }

  /** CPU time of this process so far (all threads), as /proc/PID/stat counts it. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static void write(Pending pending, SnapshotCacheWriter writer) throws IOException {
    RecordDecoder.Outcome outcome;
    try {
      outcome = pending.outcome().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailedException("interrupted while reading the snapshot", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("decoding a record failed unexpectedly", e.getCause());
    }
    ConsumerRecord<byte[], byte[]> record = pending.record();
    if (outcome instanceof RecordDecoder.Used used) {
      writer.add(
          new RecordRef(record.topic(), record.partition(), record.offset(), used.id()),
          used.label(),
          used.heldOut(),
          used.image(),
          used.original());
    } else if (outcome instanceof RecordDecoder.Skipped skipped) {
      writer.skip(
          new RecordRef(record.topic(), record.partition(), record.offset(), skipped.id()),
          skipped.label(),
          skipped.reason(),
          skipped.detail());
    }
  }

  private void report(SnapshotManifest manifest, SnapshotCacheWriter writer) {
    ReadStatistics read = manifest.read();
    ModelLineage.Records records = manifest.snapshot().records();
    console.printf(
        Locale.ROOT,
        "Read %d records (%.1f MB) in %.1f s: %.0f images/s, %.1f MB/s, %.2f ms CPU per image;"
            + " cached %.1f MB in %s%n",
        read.records(),
        read.bytes() / 1e6,
        read.seconds(),
        read.recordsPerSecond(),
        read.megabytesPerSecond(),
        read.cpuMillisPerRecord(),
        read.cacheBytes() / 1e6,
        writer.directory());
    console.printf(
        Locale.ROOT,
        "  %d to train on, %d held out for validation (%s)%s%n",
        records.train(),
        records.validation(),
        manifest.snapshot().split().method(),
        records.skipped().isEmpty()
            ? ""
            : "; skipped "
                + records.skipped().entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey())
                    .collect(Collectors.joining(", ")));
    console.println("  classes: " + String.join(", ", manifest.labels()));
  }

  private static RecordDecoder.HoldOut holdOut(Plan plan) {
    if (!plan.validationTopics().isEmpty()) {
      Set<String> heldOut = Set.copyOf(plan.validationTopics());
      return RecordDecoder.HoldOut.byTopic(heldOut::contains);
    }
    KeyHashSplit split = new KeyHashSplit(plan.validationFraction());
    return (topic, id) -> split.heldOut(id);
  }

  private static Optional<CommandFailedException> denied(
      Exception e, List<String> topics, String group) {
    return ReadPermission.explain(e, topics, group)
        .map(message -> new CommandFailedException(message, e));
  }

  private String readFailure(KafkaException e) {
    return "reading the snapshot from Kafka at "
        + settings.bootstrapServers()
        + " failed: "
        + e.getMessage()
        + "; nothing was kept";
  }

  private static String describe(List<ModelLineage.PartitionRange> ranges) {
    Map<String, List<ModelLineage.PartitionRange>> byTopic = new LinkedHashMap<>();
    ranges.forEach(r -> byTopic.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r));
    return byTopic.entrySet().stream()
        .map(
            e ->
                "'"
                    + e.getKey()
                    + "' ("
                    + e.getValue().stream()
                        .map(r -> r.partition() + ":[" + r.start() + ", " + r.end() + ")")
                        .collect(Collectors.joining(" "))
                    + ")")
        .collect(Collectors.joining(", "));
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "snapshot-decoder-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A record and its decoding, in reading order. */
  private record Pending(
      ConsumerRecord<byte[], byte[]> record, Future<RecordDecoder.Outcome> outcome) {}
}
