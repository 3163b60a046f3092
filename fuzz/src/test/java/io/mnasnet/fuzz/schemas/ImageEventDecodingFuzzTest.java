package io.mnasnet.fuzz.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.fuzz.RecordInput;
import io.mnasnet.fuzz.SchemaOracle;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventCodec;
import io.mnasnet.schemas.ImageEventDeserializer;
import io.mnasnet.schemas.InvalidImageEventException;
import io.mnasnet.schemas.SchemaResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Image events as a producer may send them, JSON envelope or raw bytes with headers ({@link
 * ImageEventCodec#decode}), and JSON values through the Kafka deserializer ({@link
 * ImageEventDeserializer}): each is an event or an {@link InvalidImageEventException} naming the
 * field; an event accepted from JSON, written back, is valid against the contract's schema and
 * reads back equal.
 */
class ImageEventDecodingFuzzTest {
  private static final InputContract CONTRACT =
      InputContract.of("image-event-decoding", Duration.ofMillis(250), 64L << 20)
          .refusing(InvalidImageEventException.class);
  private static final SchemaOracle SCHEMA = SchemaOracle.of(SchemaResources.IMAGE_EVENT);

  private final ImageEventCodec codec = new ImageEventCodec();
  private final ImageEventDeserializer deserializer = new ImageEventDeserializer();

  @BeforeAll
  static void warmUp() {
    // class loading and Jackson's first use are not what an input costs
    try {
      new ImageEventCodec().decodeJson("{\"id\": 1}".getBytes(StandardCharsets.UTF_8));
    } catch (InvalidImageEventException expected) {
      // refused, as it should be: only the classes it loaded mattered
    }
  }

  @FuzzTest
  void decodesOrRefusesEveryRecord(byte[] input) {
    RecordInput record = RecordInput.decode(input);
    CONTRACT
        .check(
            () ->
                codec.decode(record.key(), record.timestampMs(), record.headers(), record.value()))
        .ifPresent(this::writesBackToItself);
    CONTRACT
        .check(() -> deserializer.deserialize("images-in", record.headers(), record.value()))
        .ifPresent(this::writesBackToItself);
  }

  private void writesBackToItself(ImageEvent event) {
    byte[] json = codec.encodeJson(event);
    SCHEMA.assertValid(json, "image event " + event);
    assertThat(codec.decodeJson(json)).isEqualTo(event);
  }

  @AfterAll
  static void report() {
    CONTRACT.report();
  }
}
