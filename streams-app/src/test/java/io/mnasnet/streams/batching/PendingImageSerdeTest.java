package io.mnasnet.streams.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.schemas.Prediction.SourcePosition;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PendingImageSerdeTest {
  private final PendingImageSerde serde = new PendingImageSerde();

  @Test
  void roundTripsEveryField() {
    for (String label : new String[] {"7", null}) {
      PendingImage image =
          new PendingImage(
              "key-\u00e9",
              "id-1",
              "image/png",
              new byte[] {1, 2, 3, (byte) 0xff},
              1234L,
              5678L,
              label,
              new SourcePosition("images-in", 3, 42L),
              9999L);
      byte[] bytes = serde.serializer().serialize("t", image);
      assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(image);
    }
  }

  @Test
  void refusesAnotherFormatVersionSayingWhatToDo() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format version 9");
  }
}
