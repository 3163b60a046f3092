package io.mnasnet.streams.batching;

import io.mnasnet.schemas.Prediction.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.data().length + 128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      writeString(out, image.key());
      writeString(out, image.id());
      writeString(out, image.contentType());
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
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  // length-prefixed UTF-8: unlike writeUTF, no 64 KB limit on keys
  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
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
