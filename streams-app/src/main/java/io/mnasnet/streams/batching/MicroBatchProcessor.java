package io.mnasnet.streams.batching;

import io.mnasnet.schemas.DeadLetterHeaders;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.config.StreamsAppConfig.BatchSettings;
import io.mnasnet.streams.inference.BatchInference;
import io.mnasnet.streams.inference.BatchResult;
import io.mnasnet.streams.inference.ImageScores;
import io.mnasnet.streams.ops.PipelineMetrics;
import io.mnasnet.streams.validation.RejectedImageException;
import io.mnasnet.streams.validation.RejectionReason;
import io.mnasnet.streams.webview.DeadLetterEvent;
import io.mnasnet.streams.webview.LiveFeed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects validated images into micro-batches, classifies each batch with one model call and
 * forwards one {@link Prediction} per image.
 *
 * <p><b>Why a state store and not a list:</b> Kafka Streams commits the offset of every record
 * whose {@code process()} has returned, buffered or not, and a processor gets no hook before a
 * commit. Images waiting in a Java list would be lost by a crash after such a commit. Here they
 * wait in a changelogged key-value store (key: input offset, so the store iterates in arrival order
 * and a re-processed record overwrites itself). Under exactly-once the store's changelog, the input
 * offsets, the predictions and the deletions from the store commit in one transaction: after a
 * crash, the restored buffer holds exactly the images whose offsets were committed but whose
 * predictions were not.
 *
 * <p><b>When a batch is flushed:</b> in {@code process()} as soon as the buffer holds {@code
 * batch.size} images; and by a wall-clock punctuation once the oldest image has waited {@code
 * batch.linger.ms} <em>while the model was idle</em> (or at once when a {@link BatchDrain} is set,
 * during a graceful shutdown). Time during which the instance's model was running does not count
 * ({@link BatchInference#busyMillis()}): flushing then would only queue behind that call, and
 * counting it made batches collapse when one call lasts longer than the linger (at 224x224 on a
 * CPU: every flush aged every other task's buffer past the linger, so batches of 2-8 followed each
 * other in a backlog). Images restored after a crash carry their original buffer time, so they are
 * flushed at the first punctuation.
 *
 * <p>Times come from the given {@link Clock}, not from {@code context.currentSystemTimeMs()}: Kafka
 * Streams hands every record of one processing round the time the round started, which is stale
 * after a flush inside the round.
 *
 * <p>One buffer per task (per input partition): a store belongs to one task. An instance whose
 * threads flush at the same moment may have their batches classified together (see {@code
 * CoalescingInference}).
 */
public final class MicroBatchProcessor implements Processor<String, PendingImage, Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(MicroBatchProcessor.class);

  /** Upper bound of the punctuation interval; lower lingers punctuate more often. */
  static final Duration MAX_PUNCTUATION_INTERVAL = Duration.ofMillis(100);

  private final String storeName;
  private final String predictionsChild;
  private final String deadLetterChild;
  private final BatchSettings batching;
  private final int topK;
  private final BatchInference inference;
  private final PipelineMetrics metrics;
  private final LiveFeed liveFeed;
  private final BatchDrain drain;
  private final Clock clock;

  private ProcessorContext<Object, Object> context;
  private KeyValueStore<Long, PendingImage> buffer;
  private String task;
  // The offsets of the images in the store -> idle time (clock - model busy time) when each was
  // buffered. In memory only: rebuilt from the store (and its wall-clock buffer times) in init,
  // then kept in step with every put and delete, so its size is the number of buffered images.
  private final TreeMap<Long, Long> idleTimeAtBuffering = new TreeMap<>();

  /**
   * @param storeName the buffer store
   * @param predictionsChild the child node that writes predictions
   * @param deadLetterChild the child node that writes images the model could not read
   * @param liveFeed told of each prediction and dead letter (the web view; {@link LiveFeed#NONE})
   */
  public MicroBatchProcessor(
      String storeName,
      String predictionsChild,
      String deadLetterChild,
      BatchSettings batching,
      int topK,
      BatchInference inference,
      PipelineMetrics metrics,
      LiveFeed liveFeed,
      BatchDrain drain,
      Clock clock) {
    this.storeName = storeName;
    this.predictionsChild = predictionsChild;
    this.deadLetterChild = deadLetterChild;
    this.batching = batching;
    this.topK = topK;
    this.inference = inference;
    this.metrics = metrics;
    this.liveFeed = liveFeed;
    this.drain = drain;
    this.clock = clock;
  }

  /** How often the linger is checked: a quarter of it, between 1 ms and 100 ms. */
  public static Duration punctuationInterval(Duration linger) {
    long millis = Math.max(1, Math.min(linger.toMillis() / 4, MAX_PUNCTUATION_INTERVAL.toMillis()));
    return Duration.ofMillis(millis);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.buffer = context.getStateStore(storeName);
    this.task = context.taskId().toString();
    long idleNow = idleTime();
    long wallNow = clock.millis();
    try (KeyValueIterator<Long, PendingImage> restored = buffer.all()) {
      while (restored.hasNext()) {
        KeyValue<Long, PendingImage> entry = restored.next();
        long waited = Math.max(0, wallNow - entry.value.bufferedAtMs());
        idleTimeAtBuffering.put(entry.key, idleNow - waited);
      }
    }
    metrics.buffered(task, buffered());
    context.schedule(
        punctuationInterval(batching.linger()), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, PendingImage> record) {
    PendingImage image = record.value();
    long offset = image.source().offset();
    buffer.put(offset, image);
    idleTimeAtBuffering.put(offset, idleTime()); // a re-processed record overwrites itself
    metrics.buffered(task, buffered());
    if (buffered() >= batching.size()) {
      flush(false);
    }
  }

  private void punctuate(long streamsTimeMs) {
    if (buffered() == 0) {
      return;
    }
    long idleWaitMs = idleWaitOfOldestMs();
    if (drain.isDraining() || idleWaitMs >= batching.linger().toMillis()) {
      LOG.debug(
          "task {}: flushing {} images after {} ms of idle model (draining: {})",
          task,
          buffered(),
          idleWaitMs,
          drain.isDraining());
      flush(true);
    }
  }

  private int buffered() {
    return idleTimeAtBuffering.size();
  }

  /** How long the oldest buffered image has waited while the model was idle. */
  private long idleWaitOfOldestMs() {
    // The minimum, not the first entry: restored images may precede lower offsets.
    long earliest = Collections.min(idleTimeAtBuffering.values());
    return idleTime() - earliest;
  }

  /** Wall-clock time minus the model's busy time: advances only while the model is idle. */
  private long idleTime() {
    return clock.millis() - inference.busyMillis();
  }

  /** Classifies full batches, and with {@code all} also the last, partial one, in arrival order. */
  private void flush(boolean all) {
    while (buffered() > 0 && (all || buffered() >= batching.size())) {
      List<KeyValue<Long, PendingImage>> batch = oldest(batching.size());
      classifyAndForward(batch);
      for (KeyValue<Long, PendingImage> entry : batch) {
        buffer.delete(entry.key);
        idleTimeAtBuffering.remove(entry.key);
      }
      metrics.buffered(task, buffered());
    }
  }

  private void classifyAndForward(List<KeyValue<Long, PendingImage>> batch) {
    List<byte[]> images = new ArrayList<>(batch.size());
    for (KeyValue<Long, PendingImage> entry : batch) {
      images.add(entry.value.data());
    }
    long startMs = clock.millis();
    BatchResult result = inference.classify(images);
    long inferenceMs = Duration.ofNanos(result.inferenceNanos()).toMillis();
    metrics.batchClassified(batch.size(), result.inferenceNanos());
    long nowMs = clock.millis();
    for (int i = 0; i < batch.size(); i++) {
      PendingImage image = batch.get(i).value;
      ImageScores scores = result.scores().get(i);
      if (!scores.ok()) {
        deadLetter(image, scores.error());
        continue;
      }
      Prediction prediction =
          Predictions.of(
              image,
              scores.probabilities(),
              result.model(),
              topK,
              startMs,
              inferenceMs,
              result.modelBatchSize(),
              nowMs);
      context.forward(
          new Record<Object, Object>(
              image.key(), prediction, image.recordTimestampMs(), new RecordHeaders()),
          predictionsChild);
      metrics.predictionOut(prediction.timings().endToEndMs());
      liveFeed.predicted(prediction, image.data());
    }
  }

  /**
   * An image that passed validation but that the model could not read. The exception handler cannot
   * dead-letter it (its input record is long gone: this is a punctuation or a later record), so it
   * is forwarded to the dead-letter sink here, in the same transaction, with the same headers the
   * handler writes. Its value is the image bytes (for a JSON input, not the envelope).
   */
  private void deadLetter(PendingImage image, String error) {
    RejectedImageException rejected =
        new RejectedImageException(
            RejectionReason.UNCLASSIFIABLE, "the model could not read the image: " + error);
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        ImageEventHeaders.CONTENT_TYPE, image.contentType().getBytes(StandardCharsets.UTF_8));
    DeadLetterHeaders.of(
            rejected, image.source().topic(), image.source().partition(), image.source().offset())
        .withoutStacktrace()
        .writeTo(headers);
    context.forward(
        new Record<Object, Object>(image.key(), image.data(), image.recordTimestampMs(), headers),
        deadLetterChild);
    metrics.deadLettered(RejectionReason.UNCLASSIFIABLE);
    liveFeed.deadLettered(
        new DeadLetterEvent(
            image.id(),
            RejectionReason.UNCLASSIFIABLE,
            rejected.getMessage(),
            image.source().topic(),
            image.source().partition(),
            image.source().offset(),
            clock.millis()));
  }

  private List<KeyValue<Long, PendingImage>> oldest(int count) {
    List<KeyValue<Long, PendingImage>> batch = new ArrayList<>(count);
    try (KeyValueIterator<Long, PendingImage> entries = buffer.all()) {
      while (entries.hasNext() && batch.size() < count) {
        batch.add(entries.next());
      }
    }
    return batch;
  }

  @Override
  public void close() {
    if (task != null) {
      metrics.buffered(task, 0);
    }
  }
}
