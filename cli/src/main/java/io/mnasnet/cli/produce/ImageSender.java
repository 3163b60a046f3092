package io.mnasnet.cli.produce;

import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.trainer.runlog.ProgressBar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends the images of an {@link ImageSource} as {@link ImageEvent}s, paced by a {@link
 * RateLimiter}, and waits for every acknowledgement before it reports. Each event is stamped with
 * the wall-clock time it is sent, the start of its end-to-end latency. The producer's serializer
 * decides the record format; the caller owns (and closes) the producer.
 */
public final class ImageSender {
  private final Producer<String, ImageEvent> producer;
  private final String topic;
  private final ImageEventFormat format;
  private final RateLimiter rateLimiter;
  private final LongSupplier wallClockMs;

  public ImageSender(
      Producer<String, ImageEvent> producer,
      String topic,
      ImageEventFormat format,
      RateLimiter rateLimiter,
      LongSupplier wallClockMs) {
    this.producer = producer;
    this.topic = topic;
    this.format = format;
    this.rateLimiter = rateLimiter;
    this.wallClockMs = wallClockMs;
  }

  /**
   * Sends images until the source ends, {@code limit} images were sent, or {@code stopRequested}
   * says so; then flushes and waits for the acknowledgements.
   *
   * @param limit most images to send; 0 or less for all
   */
  public ProduceSummary sendAll(
      ImageSource source, long limit, ProgressBar progress, BooleanSupplier stopRequested) {
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Map<String, Long> failures = new ConcurrentHashMap<>();
    List<SkippedInput> skipped = new ArrayList<>();
    long submitted = 0;
    boolean stopped = false;
    long start = System.nanoTime();
    while (source.hasNext() && (limit <= 0 || submitted < limit)) {
      if (stopRequested.getAsBoolean()) {
        stopped = true;
        break;
      }
      SourceEntry entry = source.next();
      if (entry instanceof SkippedInput skip) {
        skipped.add(skip);
        continue;
      }
      SourceImage image = (SourceImage) entry;
      try {
        rateLimiter.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
        break;
      }
      ImageEvent event =
          new ImageEvent(
              image.id(),
              image.contentType(),
              image.data(),
              wallClockMs.getAsLong(),
              image.source(),
              image.attributes());
      producer.send(
          event.toProducerRecord(topic),
          (RecordMetadata metadata, Exception error) -> {
            if (error == null) {
              acknowledged.incrementAndGet();
              bytes.addAndGet(Math.max(0, metadata.serializedValueSize()));
            } else {
              failures.merge(describe(error), 1L, Long::sum);
            }
          });
      submitted++;
      progress.update(acknowledged.get());
    }
    // flush() returns when every send above has completed, so the counters are final
    producer.flush();
    long elapsed = System.nanoTime() - start;
    progress.finish(acknowledged.get());
    return new ProduceSummary(
        topic,
        format,
        acknowledged.get(),
        bytes.get(),
        elapsed,
        skipped,
        new TreeMap<>(failures),
        stopped);
  }

  private static String describe(Exception error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
