package io.mnasnet.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

  @Test
  void headerNamesAreThoseOfKafkaStreamsBuiltInDeadLetterQueue() {
    assertThat(DeadLetterHeaders.EXCEPTION)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_NAME);
    assertThat(DeadLetterHeaders.MESSAGE)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_EXCEPTION_MESSAGE_NAME);
    assertThat(DeadLetterHeaders.STACKTRACE)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_STACKTRACE_NAME);
    assertThat(DeadLetterHeaders.TOPIC).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_TOPIC_NAME);
    assertThat(DeadLetterHeaders.PARTITION)
        .isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_PARTITION_NAME);
    assertThat(DeadLetterHeaders.OFFSET).isEqualTo(ExceptionHandlerUtils.HEADER_ERRORS_OFFSET_NAME);
  }

  @Test
  void writesAndReadsBackOnTopOfTheOriginalHeaders() {
    Headers headers =
        new RecordHeaders().add("content-type", "image/png".getBytes(StandardCharsets.UTF_8));
    DeadLetterHeaders error =
        DeadLetterHeaders.of(
            new InvalidImageEventException("field 'data' is not valid base64"), "images-in", 3, 99);

    error.writeTo(headers);
    error.writeTo(headers); // rewriting does not duplicate

    assertThat(headers.headers(DeadLetterHeaders.EXCEPTION)).hasSize(1);
    assertThat(headers.lastHeader("content-type")).isNotNull();
    assertThat(text(headers, DeadLetterHeaders.PARTITION)).isEqualTo("3");
    assertThat(text(headers, DeadLetterHeaders.OFFSET)).isEqualTo("99");
    assertThat(text(headers, DeadLetterHeaders.EXCEPTION))
        .isEqualTo(InvalidImageEventException.class.getName());
    assertThat(DeadLetterHeaders.readFrom(headers)).contains(error);
    assertThat(error.stacktrace()).contains("DeadLetterHeadersTest");
  }

  @Test
  void readsWhatKafkaStreamsWritesWithoutAnInputRecord() {
    // A punctuator error has no topic (null header value) and partition/offset -1.
    Headers headers =
        new RecordHeaders()
            .add(DeadLetterHeaders.EXCEPTION, utf8("java.lang.IllegalStateException"))
            .add(DeadLetterHeaders.MESSAGE, null)
            .add(DeadLetterHeaders.TOPIC, null)
            .add(DeadLetterHeaders.PARTITION, utf8("-1"))
            .add(DeadLetterHeaders.OFFSET, utf8("-1"));
    DeadLetterHeaders read = DeadLetterHeaders.readFrom(headers).orElseThrow();
    assertThat(read.topic()).isNull();
    assertThat(read.message()).isEmpty();
    assertThat(read.partition()).isEqualTo(-1);
  }

  @Test
  void absentOrMalformedHeaders() {
    assertThat(DeadLetterHeaders.readFrom(new RecordHeaders())).isEmpty();
    Headers headers =
        new RecordHeaders()
            .add(DeadLetterHeaders.EXCEPTION, utf8("E"))
            .add(DeadLetterHeaders.OFFSET, utf8("twelve"));
    assertThatThrownBy(() -> DeadLetterHeaders.readFrom(headers))
        .hasMessageContaining(DeadLetterHeaders.OFFSET);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
