package io.mnasnet.streams.batching;

import io.mnasnet.schemas.Prediction.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
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
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  /**
   * A length-prefixed field. The length is checked against what is left before anything is
   * allocated: a corrupt entry must not claim a negative length, or 2 GB.
   */
  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException(
          "a field claims " + length + " bytes, " + in.available() + " are left in the entry");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
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
      byte[] data = readBytes(in);
      if (in.available() > 0) {
        throw new IOException(in.available() + " bytes after the image data");
      }
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
    } catch (EOFException e) {
      throw new SerializationException("corrupt batch buffer entry: truncated", e);
    } catch (IOException | IllegalArgumentException e) {
      // IllegalArgumentException: a field out of its range (a negative partition or offset)
      throw new SerializationException("corrupt batch buffer entry: " + e.getMessage(), e);
    }
  }
}
