package io.mnasnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the output topic from the beginning with {@code read_committed} (what a downstream consumer
 * of an exactly-once app sees) on its own thread, and records when each record arrived, the
 * timestamp it carries (the input event's send time: both apps keep it) and, for predictions, the
 * size of the model call that made it.
 */
final class OutputRecorder implements AutoCloseable {

  /**
   * One output record.
   *
   * @param receivedMs wall clock when the consumer got it
   * @param sentMs the record's timestamp: when the producer sent the input image
   * @param modelBatchSize the prediction's {@code batchSize}, 0 for pass-through records
   */
  record Arrival(long receivedMs, long sentMs, int modelBatchSize) {
    long latencyMs() {
      return receivedMs - sentMs;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Arrival> arrivals = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final boolean predictions;
  private final Thread thread;
  private volatile Exception failure;

  OutputRecorder(String bootstrapServers, String topic, boolean predictions) {
    this.predictions = predictions;
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-recorder-" + topic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    thread = new Thread(() -> consume(consumer), "bench-output-recorder");
    thread.setDaemon(true);
    thread.start();
  }

  private void consume(KafkaConsumer<byte[], byte[]> consumer) {
    try (consumer) {
      while (running.get()) {
        var records = consumer.poll(Duration.ofMillis(50));
        long now = System.currentTimeMillis();
        List<Arrival> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
          batch.add(new Arrival(now, record.timestamp(), predictions ? batchSize(record) : 0));
        }
        synchronized (arrivals) {
          arrivals.addAll(batch);
          arrivals.notifyAll();
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private static int batchSize(ConsumerRecord<byte[], byte[]> record) {
    try {
      JsonNode size = JSON.readTree(record.value()).get("batchSize");
      return size == null ? 0 : size.asInt();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Records seen so far. */
  int count() {
    synchronized (arrivals) {
      return arrivals.size();
    }
  }

  /**
   * Waits until {@code count} records have arrived.
   *
   * @throws IOException if they do not within {@code timeout} (the message says how many did)
   */
  void awaitCount(int count, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrivals) {
      while (arrivals.size() < count) {
        if (failure != null) {
          throw new IOException("the output consumer failed: " + failure.getMessage(), failure);
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new IOException(
              "only " + arrivals.size() + " of " + count + " outputs arrived within " + timeout);
        }
        arrivals.wait(Math.min(left, 200));
      }
    }
  }

  /** Records {@code from} (inclusive) to {@code to} (exclusive), in arrival order. */
  List<Arrival> range(int from, int to) {
    synchronized (arrivals) {
      return List.copyOf(arrivals.subList(from, to));
    }
  }

  /** Images per model-call size among {@code arrivals} (empty for pass-through records). */
  static Map<Integer, Long> batchSizes(List<Arrival> arrivals) {
    Map<Integer, Long> sizes = new java.util.TreeMap<>();
    for (Arrival arrival : arrivals) {
      if (arrival.modelBatchSize() > 0) {
        sizes.merge(arrival.modelBatchSize(), 1L, Long::sum);
      }
    }
    return sizes;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
