package io.mnasnet.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class ImageEventSerdeTest {
  private final ImageEvent event = Examples.imageEvent();

  @Test
  void jsonSerdeRoundTrips() {
    try (ImageEventSerde serde = new ImageEventSerde()) {
      Headers headers = new RecordHeaders();
      byte[] value = serde.serializer().serialize("images-in", headers, event);
      assertThat(serde.deserializer().deserialize("images-in", headers, value)).isEqualTo(event);
      assertThat(serde.deserializer().deserialize("images-in", value)).isEqualTo(event);
      assertThat(serde.serializer().serialize("images-in", event)).isEqualTo(value);
    }
  }

  @Test
  void formatIsConfigurableByName() {
    try (Serializer<ImageEvent> serializer = new ImageEventSerializer()) {
      serializer.configure(Map.of(ImageEventSerializer.FORMAT_CONFIG, "raw"), false);
      Headers headers = new RecordHeaders();
      assertThat(serializer.serialize("t", headers, event)).isEqualTo(Examples.png());
      assertThat(ImageEventCodecTest.header(headers, "content-type")).isEqualTo("image/png");
      assertThatThrownBy(() -> serializer.serialize("t", event))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("headers");
    }
    ImageEventSerializer serializer = new ImageEventSerializer();
    assertThatThrownBy(
            () -> serializer.configure(Map.of(ImageEventSerializer.FORMAT_CONFIG, "xml"), false))
        .hasMessageContaining(ImageEventSerializer.FORMAT_CONFIG);
  }

  @Test
  void deserializerRejectsRawValuesAndSaysWhatToUse() {
    Headers headers = new RecordHeaders();
    byte[] raw = new ImageEventSerializer(ImageEventFormat.RAW).serialize("t", headers, event);
    try (Deserializer<ImageEvent> deserializer = new ImageEventDeserializer()) {
      assertThatThrownBy(() -> deserializer.deserialize("t", headers, raw))
          .isInstanceOf(InvalidImageEventException.class)
          .hasMessageContaining("ImageEventCodec.decode");
    }
  }

  @Test
  void nullEventSerializesToNull() {
    assertThat(
            new ImageEventSerializer(ImageEventFormat.RAW)
                .serialize("t", new RecordHeaders(), null))
        .isNull();
  }

  @Test
  void producerRecordCarriesIdAndTimestamp() {
    ProducerRecord<String, ImageEvent> record = event.toProducerRecord(Topics.IMAGES_IN);
    assertThat(record.key()).isEqualTo(event.id());
    assertThat(record.timestamp()).isEqualTo(event.timestampMs());
    assertThat(record.topic()).isEqualTo("images-in");
  }
}
