package io.mnasnet.bench;

import io.mnasnet.cli.produce.RateLimiter;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventSerializer;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the benchmark's images as raw image events (PNG/JPEG bytes, {@code content-type} header,
 * key = id, timestamp = the wall-clock time of sending: the start of the end-to-end latency),
 * either as fast as possible (a backlog) or at a fixed offered rate (open loop: the rate does not
 * slow down when the app falls behind).
 */
final class ImageProducer implements AutoCloseable {

  private final KafkaProducer<String, ImageEvent> producer;
  private final String topic;
  private final BenchImages.Kind kind;
  private final List<byte[]> images;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile long sequence;

  ImageProducer(String bootstrapServers, String topic, BenchImages.Kind kind, List<byte[]> images) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Not idempotent: in two runs the idempotent producer's first batches of 20 KB JPEGs to a new
    // topic were retried out of order (OutOfOrderSequenceException until the 2-minute delivery
    // timeout). A rare duplicate only ends a wait a record early; a stuck producer loses the case.
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer-" + topic);
    this.producer =
        new KafkaProducer<>(
            props, new StringSerializer(), new ImageEventSerializer(ImageEventFormat.RAW));
    this.topic = topic;
    this.kind = kind;
    this.images = images;
  }

  /**
   * Waits until every partition of the topic has a leader. Sending to a just-created topic before
   * that made the idempotent producer retry out of order (OutOfOrderSequenceException until the
   * delivery timeout) in one run.
   */
  void awaitLeaders(int partitions, java.time.Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      var infos = producer.partitionsFor(topic);
      if (infos.size() >= partitions && infos.stream().allMatch(info -> info.leader() != null)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("the partitions of " + topic + " have no leader after " + timeout);
      }
      Thread.sleep(100);
    }
  }

  /** Sends {@code count} images without pause and waits for their acknowledgements. */
  void sendBacklog(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      sendOne();
    }
    flush();
  }

  /**
   * Sends at {@code perSecond} for {@code seconds} and waits for the acknowledgements.
   *
   * @return how many were sent
   */
  int sendAtRate(double perSecond, double seconds) throws IOException, InterruptedException {
    RateLimiter limiter = RateLimiter.perSecond(perSecond);
    int count = Math.max(1, (int) Math.round(perSecond * seconds));
    for (int i = 0; i < count; i++) {
      limiter.acquire();
      sendOne();
    }
    flush();
    return count;
  }

  /** How many images were handed to the producer so far (read from any thread). */
  long sent() {
    return sequence;
  }

  private void sendOne() {
    byte[] image = images.get((int) (sequence % images.size()));
    ImageEvent event =
        ImageEvent.of("bench-" + sequence, kind.contentType(), image, System.currentTimeMillis());
    sequence = sequence + 1; // one sending thread; volatile for sent()
    producer.send(
        event.toProducerRecord(topic),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  private void flush() throws IOException {
    producer.flush();
    Exception error = failure.get();
    if (error != null) {
      throw new IOException("sending images failed: " + error.getMessage(), error);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
