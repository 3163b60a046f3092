package io.mnasnet.streams.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.schemas.Prediction.SourcePosition;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  /**
   * Buffers restored after an upgrade were written by the previous build: the bytes must be the
   * same as format version 1 always wrote them (DataOutputStream fields, length-prefixed UTF-8).
   */
  @Test
  void writesFormatVersionOneByteForByte() throws IOException {
    for (String label : new String[] {"3", null}) {
      PendingImage image =
          new PendingImage(
              "k\u00fcy",
              "photo-42",
              "image/jpeg",
              new byte[300_000],
              11L,
              22L,
              label,
              new SourcePosition("images-in", 7, 123_456_789_012L),
              33L);

      assertThat(serde.serializer().serialize("t", image)).isEqualTo(versionOne(image));
    }
  }

  private static byte[] versionOne(PendingImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      for (String s : new String[] {image.key(), image.id(), image.contentType()}) {
        writeString(out, s);
      }
      out.writeLong(image.eventTimestampMs());
      out.writeLong(image.recordTimestampMs());
      out.writeBoolean(image.trueLabel() != null);
      if (image.trueLabel() != null) {
        writeString(out, image.trueLabel());
      }
      writeString(out, image.source().topic());
      out.writeInt(image.source().partition());
      out.writeLong(image.source().offset());
      out.writeLong(image.bufferedAtMs());
      out.writeInt(image.data().length);
      out.write(image.data());
    }
    return bytes.toByteArray();
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
