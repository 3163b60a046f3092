package io.mnasnet.cli.demo;

import io.mnasnet.cli.CommandFailedException;
import io.mnasnet.cli.StopSignal;
import io.mnasnet.cli.consume.PredictionReader;
import io.mnasnet.cli.kafka.KafkaClientSettings;
import io.mnasnet.cli.produce.ImageSender;
import io.mnasnet.cli.produce.ImageSource;
import io.mnasnet.cli.produce.ProduceSummary;
import io.mnasnet.cli.produce.RateLimiter;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventSerializer;
import io.mnasnet.trainer.runlog.ProgressBar;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends images through a running pipeline and reads their predictions back: positions a reader at
 * the end of the output topic, sends the images on the calling thread ({@link ImageSender}) while a
 * second thread reads committed predictions into a {@link DemoView} ({@link PredictionReader}), and
 * returns once every image sent is predicted or dead-lettered, nothing happened for {@code
 * idleTimeout}, or a stop was requested.
 */
final class RoundTrip {
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(50);

  private final KafkaClientSettings settings;
  private final String inputTopic;
  private final String outputTopic;
  private final ImageEventFormat format;
  private final double rate;
  private final Duration idleTimeout;

  /**
   * @param rate images per second; 0 for as fast as possible
   * @param idleTimeout how long to wait without a new prediction or dead letter once all are sent
   */
  RoundTrip(
      KafkaClientSettings settings,
      String inputTopic,
      String outputTopic,
      ImageEventFormat format,
      double rate,
      Duration idleTimeout) {
    this.settings = settings;
    this.inputTopic = inputTopic;
    this.outputTopic = outputTopic;
    this.format = format;
    this.rate = rate;
    this.idleTimeout = idleTimeout;
  }

  /** What was sent, and when sending started ({@link System#nanoTime()}). */
  record Sent(ProduceSummary summary, long startNanos) {}

  /**
   * Runs the round trip.
   *
   * @param limit most images to send; 0 for all of {@code images}
   * @param deadLettered how many images the pipeline dead-lettered so far
   */
  Sent run(
      ImageSource images,
      long limit,
      DemoView view,
      LongSupplier deadLettered,
      StopSignal stop,
      PrintWriter err)
      throws InterruptedException {
    AtomicBoolean finished = new AtomicBoolean();
    AtomicReference<RuntimeException> readFailure = new AtomicReference<>();
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            settings.withDefaults(consumerDefaults()),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    Thread reader;
    try {
      PredictionReader predictions = new PredictionReader(consumer);
      // fixed before the first image is sent, so no prediction of this run can be missed
      predictions.assign(partitions(consumer), false);
      reader =
          new Thread(
              () -> {
                try {
                  predictions.readAssigned(
                      0, Duration.ZERO, () -> finished.get() || stop.isRequested(), view);
                } catch (RuntimeException e) {
                  readFailure.set(e);
                } finally {
                  consumer.close();
                }
              },
              "mnasnet-demo-reader");
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    reader.start();
    try {
      Sent sent = send(images, limit, stop);
      if (sent.summary().failed() > 0) {
        sent.summary().lines().forEach(err::println);
        err.flush();
      }
      awaitResults(sent.summary().sent(), view, deadLettered, stop);
      return sent;
    } finally {
      finished.set(true);
      reader.join();
      if (readFailure.get() != null) {
        throw new CommandFailedException(
            "Reading predictions failed: " + readFailure.get().getMessage(), readFailure.get());
      }
    }
  }

  private Sent send(ImageSource images, long limit, StopSignal stop) {
    try (KafkaProducer<String, ImageEvent> producer =
        new KafkaProducer<>(
            settings.withDefaults(producerDefaults()),
            new StringSerializer(),
            new ImageEventSerializer(format))) {
      ImageSender sender =
          new ImageSender(
              producer, inputTopic, format, RateLimiter.perSecond(rate), System::currentTimeMillis);
      long start = System.nanoTime();
      return new Sent(sender.sendAll(images, limit, ProgressBar.none(), stop::isRequested), start);
    }
  }

  private void awaitResults(long sent, DemoView view, LongSupplier deadLettered, StopSignal stop)
      throws InterruptedException {
    long lastDone = -1;
    long lastProgressNanos = System.nanoTime();
    while (!stop.isRequested()) {
      long done = view.predicted() + deadLettered.getAsLong();
      if (done >= sent) {
        return;
      }
      long now = System.nanoTime();
      if (done != lastDone) {
        lastDone = done;
        lastProgressNanos = now;
      } else if (now - lastProgressNanos >= idleTimeout.toNanos()) {
        return;
      }
      Thread.sleep(CHECK_INTERVAL.toMillis());
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
    return consumer.partitionsFor(outputTopic).stream()
        .map(info -> new TopicPartition(outputTopic, info.partition()))
        .toList();
  }

  private static Map<String, Object> producerDefaults() {
    return Map.of(
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.CLIENT_ID_CONFIG, "mnasnet-demo-produce");
  }

  private static Map<String, Object> consumerDefaults() {
    return Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.CLIENT_ID_CONFIG, "mnasnet-demo-consume");
  }
}
