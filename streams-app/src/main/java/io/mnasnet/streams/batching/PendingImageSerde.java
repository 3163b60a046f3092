package io.mnasnet.streams.batching;

import io.mnasnet.schemas.Prediction.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link PendingImage}s for the batch buffer's store and changelog: a format
 * version byte, then the fields; the image bytes are stored as they are (no base64), so a buffered
 * image costs about its encoded size plus ~100 bytes.
 */
public final class PendingImageSerde implements Serde<PendingImage> {
  private static final byte FORMAT_VERSION = 1;

  @Override
  public Serializer<PendingImage> serializer() {
    return (topic, image) -> image == null ? null : write(image);
  }

  @Override
  public Deserializer<PendingImage> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(PendingImage image) {
    // Sized exactly and filled once: a ByteArrayOutputStream would copy a camera photo twice more
    // (on growth and in toByteArray).
    byte[] key = utf8(image.key());
    byte[] id = utf8(image.id());
    byte[] contentType = utf8(image.contentType());
    byte[] trueLabel = image.trueLabel() == null ? null : utf8(image.trueLabel());
    byte[] topic = utf8(image.source().topic());
    int size =
        1
            + (4 + key.length)
            + (4 + id.length)
            + (4 + contentType.length)
            + 8
            + 8
            + 1
            + (trueLabel == null ? 0 : 4 + trueLabel.length)
            + (4 + topic.length)
            + 4
            + 8
            + 8
            + (4 + image.data().length);
    ByteBuffer out = ByteBuffer.allocate(size); // big-endian, as DataInputStream reads it
    out.put(FORMAT_VERSION);
    putBytes(out, key);
    putBytes(out, id);
    putBytes(out, contentType);
    out.putLong(image.eventTimestampMs());
    out.putLong(image.recordTimestampMs());
    out.put((byte) (trueLabel != null ? 1 : 0));
    if (trueLabel != null) {
      putBytes(out, trueLabel);
    }
    putBytes(out, topic);
    out.putInt(image.source().partition());
    out.putLong(image.source().offset());
    out.putLong(image.bufferedAtMs());
    putBytes(out, image.data());
    return out.array();
  }

  // length-prefixed: unlike writeUTF, no 64 KB limit on keys
  private static void putBytes(ByteBuffer out, byte[] bytes) {
    out.putInt(bytes.length);
    out.put(bytes);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] utf8 = new byte[in.readInt()];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  static PendingImage read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new SerializationException(
            "batch buffer entry has format version "
                + version
                + ", this build reads "
                + FORMAT_VERSION
                + "; drain the buffer with the older version before upgrading");
      }
      String key = readString(in);
      String id = readString(in);
      String contentType = readString(in);
      long eventTimestampMs = in.readLong();
      long recordTimestampMs = in.readLong();
      String trueLabel = in.readBoolean() ? readString(in) : null;
      SourcePosition source = new SourcePosition(readString(in), in.readInt(), in.readLong());
      long bufferedAtMs = in.readLong();
      byte[] data = new byte[in.readInt()];
      in.readFully(data);
      return new PendingImage(
          key,
          id,
          contentType,
          data,
          eventTimestampMs,
          recordTimestampMs,
          trueLabel,
          source,
          bufferedAtMs);
    } catch (IOException e) {
      throw new SerializationException("corrupt batch buffer entry: " + e.getMessage(), e);
    }
  }
}
