package io.mnasnet.streams.topology;

import io.mnasnet.schemas.DeadLetterHeaders;
import io.mnasnet.streams.ops.PipelineMetrics;
import io.mnasnet.streams.validation.RejectedImageException;
import io.mnasnet.streams.webview.DeadLetterEvent;
import io.mnasnet.streams.webview.LiveFeed;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing exception handler for this app (KIP-1033/KIP-1034):
 *
 * <ul>
 *   <li>a {@link RejectedImageException} (bad input) resumes processing and returns one dead-letter
 *       record: the original key and value bytes and headers, plus {@link DeadLetterHeaders} with
 *       the reason (no stack trace: the message says it all). Kafka Streams produces it in the same
 *       transaction as the task's other output;
 *   <li>anything else (a bug, a broken model) fails the stream thread: under exactly-once its
 *       transaction is aborted and the records are processed again after a restart, rather than
 *       valid images being dead-lettered.
 * </ul>
 *
 * Configured through the Streams properties {@value #DEAD_LETTER_TOPIC_CONFIG} (the topic), {@value
 * #METRICS_CONFIG} (a {@link PipelineMetrics} instance, optional) and {@value #LIVE_FEED_CONFIG}
 * (the web view's {@link LiveFeed}, optional).
 */
public class DeadLetterProcessingExceptionHandler implements ProcessingExceptionHandler {
  /** Streams property naming the dead-letter topic. */
  public static final String DEAD_LETTER_TOPIC_CONFIG = "mnasnet.dead.letter.topic";

  /** Streams property holding the {@link PipelineMetrics} object to count rejections in. */
  public static final String METRICS_CONFIG = "mnasnet.pipeline.metrics";

  /** Streams property holding the {@link LiveFeed} to show rejections in. */
  public static final String LIVE_FEED_CONFIG = "mnasnet.live.feed";

  private static final Logger log =
      LoggerFactory.getLogger(DeadLetterProcessingExceptionHandler.class);

  private String deadLetterTopic;
  private PipelineMetrics metrics;
  private LiveFeed liveFeed = LiveFeed.NONE;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(DEAD_LETTER_TOPIC_CONFIG);
    if (!(topic instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + " needs the Streams property " + DEAD_LETTER_TOPIC_CONFIG);
    }
    deadLetterTopic = name;
    metrics = configs.get(METRICS_CONFIG) instanceof PipelineMetrics m ? m : null;
    if (configs.get(LIVE_FEED_CONFIG) instanceof LiveFeed feed) {
      liveFeed = feed;
    }
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (!(exception instanceof RejectedImageException rejected)) {
      log.error(
          "Unexpected error in processor {} of task {} (input {}-{}@{}); stopping the stream"
              + " thread so that no valid image is dropped",
          context.processorNodeId(),
          context.taskId(),
          context.topic(),
          context.partition(),
          context.offset(),
          exception);
      return Response.fail();
    }
    log.debug(
        "Dead-lettering {}-{}@{}: {}",
        context.topic(),
        context.partition(),
        context.offset(),
        rejected.getMessage());
    if (metrics != null) {
      metrics.deadLettered(rejected.reason());
    }
    liveFeed.deadLettered(
        new DeadLetterEvent(
            context.sourceRawKey() == null
                ? null
                : new String(context.sourceRawKey(), StandardCharsets.UTF_8),
            rejected.reason(),
            rejected.getMessage(),
            context.topic(),
            context.partition(),
            context.offset(),
            System.currentTimeMillis()));
    return Response.resume(List.of(deadLetter(context, rejected)));
  }

  private ProducerRecord<byte[], byte[]> deadLetter(
      ErrorHandlerContext context, RejectedImageException rejected) {
    RecordHeaders headers = new RecordHeaders();
    if (context.headers() != null) {
      for (Header header : context.headers()) {
        headers.add(header.key(), header.value());
      }
    }
    DeadLetterHeaders.of(rejected, context.topic(), context.partition(), context.offset())
        .withoutStacktrace()
        .writeTo(headers);
    return new ProducerRecord<>(
        deadLetterTopic,
        null,
        context.timestamp() >= 0 ? context.timestamp() : null,
        context.sourceRawKey(),
        context.sourceRawValue(),
        headers);
  }
}
