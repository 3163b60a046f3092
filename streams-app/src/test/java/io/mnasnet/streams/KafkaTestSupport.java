package io.mnasnet.streams;

import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.schemas.PredictionSerde;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.config.StreamsAppConfig.KafkaSettings;
import io.mnasnet.streams.config.StreamsAppConfig.OperationsSettings;
import io.mnasnet.streams.config.StreamsAppConfig.TopicSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Topics, app configuration, running apps and plain clients for the integration tests against real
 * brokers: send images or arbitrary records, read what the app wrote with {@code read_committed}.
 */
public final class KafkaTestSupport {
  private KafkaTestSupport() {}

  /** Topic names unique to one test. */
  public record TestTopics(String input, String output, String deadLetter) {
    public static TestTopics unique(String prefix) {
      String suffix = UUID.randomUUID().toString().substring(0, 8);
      return new TestTopics(
          prefix + "-in-" + suffix, prefix + "-out-" + suffix, prefix + "-dlq-" + suffix);
    }

    /** Unique topics, created on {@code cluster}. */
    public static TestTopics created(
        EmbeddedKafkaCluster cluster, String prefix, int partitions, short replication) {
      TestTopics topics = unique(prefix);
      topics.create(cluster, partitions, replication);
      return topics;
    }

    public void create(EmbeddedKafkaCluster cluster, int partitions, short replication) {
      for (String topic : List.of(input, output, deadLetter)) {
        cluster.createTopic(topic, partitions, replication);
      }
    }
  }

  /**
   * Starts an app in this JVM with the test model loader and waits until it is RUNNING; closes it
   * if it does not get there.
   */
  public static StreamingClassifierApp startApp(StreamsAppConfig config, Duration timeout)
      throws InterruptedException {
    StreamingClassifierApp app = new StreamingClassifierApp(config, TestModels.loader());
    try {
      app.start();
      app.awaitRunning(timeout);
      return app;
    } catch (RuntimeException | InterruptedException e) {
      app.close();
      throw e;
    }
  }

  /**
   * An app configuration for tests: unique application id, the given topics, a private state
   * directory, an ephemeral metrics port, fast group membership and commits.
   */
  public static StreamsAppConfig appConfig(
      EmbeddedKafkaCluster cluster, TestTopics topics, Path modelDir, Path stateDir) {
    StreamsAppConfig defaults = StreamsAppConfig.defaults(cluster.bootstrapServers(), modelDir);
    Map<String, String> client = new HashMap<>();
    // a killed instance's partitions move after 6 s instead of 45 s
    client.put("session.timeout.ms", "6000");
    client.put("heartbeat.interval.ms", "1000");
    // a dead instance's open transaction blocks read_committed readers until it times out
    client.put("transaction.timeout.ms", "10000");
    return defaults
        .withKafka(
            new KafkaSettings(
                cluster.bootstrapServers(),
                "it-app-" + UUID.randomUUID().toString().substring(0, 8),
                defaults.kafka().guarantee(),
                1,
                stateDir,
                client))
        .withTopics(
            new TopicSettings(
                topics.input(),
                topics.output(),
                topics.deadLetter(),
                false,
                1,
                (short) cluster.brokerCount()))
        .withOperations(new OperationsSettings("127.0.0.1", 0, Duration.ofSeconds(20)));
  }

  public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends all records and waits for their acknowledgements. */
  public static void sendAll(String bootstrap, List<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      List<Future<?>> acks = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> record : records) {
        acks.add(producer.send(record));
      }
      for (Future<?> ack : acks) {
        ack.get();
      }
    }
  }

  /** One record per image, key = id, in {@code format}, all stamped with the current time. */
  public static List<ProducerRecord<byte[], byte[]>> imageRecords(
      String topic, List<LabelledPng> images, ImageEventFormat format) {
    long now = System.currentTimeMillis();
    return images.stream().map(png -> png.record(topic, format, now)).toList();
  }

  /** Sends the images to the input topic as {@link ImageEventFormat#RAW} records, acknowledged. */
  public static void sendImages(
      EmbeddedKafkaCluster cluster, TestTopics topics, List<LabelledPng> images) throws Exception {
    sendAll(cluster.bootstrapServers(), imageRecords(topics.input(), images, ImageEventFormat.RAW));
  }

  /**
   * A record with the given bytes as its value and a content-type header, for input the codec would
   * never write (bad images, broken JSON).
   *
   * @param key the key, or null for none
   */
  public static ProducerRecord<byte[], byte[]> rawRecord(
      String topic, String key, byte[] value, String contentType, long timestampMs) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(ImageEventHeaders.CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        topic,
        null,
        timestampMs,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value,
        headers);
  }

  /** The ids of the images, the keys their predictions must have. */
  public static List<String> ids(List<LabelledPng> images) {
    return images.stream().map(LabelledPng::id).toList();
  }

  /** The key of a raw record as text, or null. */
  public static String keyOf(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  /** {@link #readPredictions(String, String, int, Duration)} of the output topic. */
  public static List<ConsumerRecord<String, Prediction>> readPredictions(
      EmbeddedKafkaCluster cluster, TestTopics topics, int expected, Duration timeout) {
    return readPredictions(cluster.bootstrapServers(), topics.output(), expected, timeout);
  }

  /** {@link #readRaw} of the dead-letter topic. */
  public static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(
      EmbeddedKafkaCluster cluster, TestTopics topics, int expected, Duration timeout) {
    return readRaw(cluster.bootstrapServers(), topics.deadLetter(), expected, timeout);
  }

  /**
   * Reads {@code topic} from the beginning with {@code read_committed}: until {@code expected}
   * records arrived or {@code timeout} passed, then on to the end of every partition as it stood at
   * that moment, so that a duplicate written late, or held in a transaction still open then, is
   * read too (see {@link #readToTheEnd}).
   */
  public static List<ConsumerRecord<String, Prediction>> readPredictions(
      String bootstrap, String topic, int expected, Duration timeout) {
    return read(
        bootstrap,
        topic,
        expected,
        timeout,
        new KafkaConsumer<>(
            consumerConfig(bootstrap),
            new StringDeserializer(),
            new PredictionSerde().deserializer()));
  }

  /** Like {@link #readPredictions}, as raw bytes (dead letters). */
  public static List<ConsumerRecord<byte[], byte[]>> readRaw(
      String bootstrap, String topic, int expected, Duration timeout) {
    return read(
        bootstrap,
        topic,
        expected,
        timeout,
        new KafkaConsumer<>(
            consumerConfig(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
  }

  /**
   * How long reading on to the end may take once the expected records are in: a transaction left
   * open by a killed instance is aborted after its transaction timeout (10 s in {@link
   * #appConfig}), and a read_committed reader cannot pass it until then.
   */
  static final Duration END_TIMEOUT = Duration.ofSeconds(60);

  private static <K, V> List<ConsumerRecord<K, V>> read(
      String bootstrap,
      String topic,
      int expected,
      Duration timeout,
      KafkaConsumer<K, V> consumer) {
    List<ConsumerRecord<K, V>> records = new ArrayList<>();
    try (consumer;
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      readToTheEnd(consumer, admin, partitions, records);
    }
    return records;
  }

  /**
   * Polls until the reader's position in every partition reaches the partition's end as it stands
   * now: the high watermark (what was written, committed or not), not the last stable offset a
   * read_committed reader sees, so that records of a transaction open now are waited for and read
   * when it commits (or skipped when it aborts). Then nothing written before this call is unread.
   */
  private static <K, V> void readToTheEnd(
      KafkaConsumer<K, V> consumer,
      Admin admin,
      List<TopicPartition> partitions,
      List<ConsumerRecord<K, V>> records) {
    Map<TopicPartition, Long> end = highWatermarks(admin, partitions);
    long deadline = System.nanoTime() + END_TIMEOUT.toNanos();
    while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
      if (System.nanoTime() > deadline) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(p -> positions.put(p, consumer.position(p)));
        throw new AssertionError(
            "read_committed reader still at "
                + positions
                + " after "
                + END_TIMEOUT
                + ", the partitions end at "
                + end
                + ": a transaction stays open");
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
  }

  private static Map<TopicPartition, Long> highWatermarks(
      Admin admin, List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    try {
      Map<TopicPartition, Long> end = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((partition, info) -> end.put(partition, info.offset()));
      return end;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the end offsets of " + partitions, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading the end offsets", e);
    }
  }

  private static Map<String, Object> consumerConfig(String bootstrap) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed");
  }

  /** Polls {@code condition} every 50 ms until it holds, or fails after {@code timeout}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
