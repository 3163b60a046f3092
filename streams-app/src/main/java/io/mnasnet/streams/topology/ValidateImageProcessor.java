package io.mnasnet.streams.topology;

import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.Prediction.SourcePosition;
import io.mnasnet.streams.batching.PendingImage;
import io.mnasnet.streams.ops.PipelineMetrics;
import io.mnasnet.streams.validation.ImageValidator;
import io.mnasnet.streams.validation.RejectedImageException;
import io.mnasnet.streams.validation.ValidatedImage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses and validates each input record (raw key and value bytes) and forwards it as a {@link
 * PendingImage}. A record that fails a check throws {@link RejectedImageException}; Kafka Streams
 * hands that to the {@link DeadLetterProcessingExceptionHandler}, which sends the original bytes to
 * the dead-letter topic and lets processing go on. No catch-and-forward here.
 */
final class ValidateImageProcessor implements Processor<byte[], byte[], String, PendingImage> {
  private final ImageValidator validator;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private ProcessorContext<String, PendingImage> context;

  /**
   * @param clock stamps the time an image enters the batch buffer (not {@code
   *     context.currentSystemTimeMs()}, which is the start of the processing round and stale after
   *     a flush inside it)
   */
  ValidateImageProcessor(ImageValidator validator, PipelineMetrics metrics, Clock clock) {
    this.validator = validator;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, PendingImage> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.recordIn();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    ValidatedImage valid =
        validator.validate(key, record.timestamp(), record.headers(), record.value());
    ImageEvent event = valid.event();
    RecordMetadata input =
        context
            .recordMetadata()
            .orElseThrow(() -> new IllegalStateException("no input record metadata"));
    PendingImage pending =
        new PendingImage(
            key,
            event.id(),
            event.contentType(),
            valid.data(),
            event.timestampMs(),
            record.timestamp(),
            event.label().orElse(null),
            new SourcePosition(input.topic(), input.partition(), input.offset()),
            clock.millis());
    context.forward(new Record<>(key, pending, record.timestamp(), new RecordHeaders()));
  }
}
