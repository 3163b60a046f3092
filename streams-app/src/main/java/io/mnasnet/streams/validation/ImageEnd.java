package io.mnasnet.streams.validation;

import io.mnasnet.schemas.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Whether an encoded image reaches its end marker: the {@code IEND} chunk of a PNG, the {@code EOI}
 * marker ({@code FF D9}) of a JPEG. This catches a truncated upload or a cut-off record in
 * microseconds, without decoding the pixels (at 224x224 a full decode here cost as much time as the
 * stream thread had between model calls). Corruption in the middle of the data is left to the
 * model's decoder, which dead-letters that one image.
 */
final class ImageEnd {
  /** Encoders and tools sometimes pad after the end marker; that much padding is accepted. */
  static final int MAX_TRAILING_BYTES = 256;

  private static final byte[] PNG_END = "IEND".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JPEG_END = {(byte) 0xFF, (byte) 0xD9};

  private ImageEnd() {}

  /** Whether {@code data} of type {@code contentType} (PNG or JPEG) contains its end marker. */
  static boolean isComplete(String contentType, byte[] data) {
    byte[] marker = ContentType.PNG.equals(contentType) ? PNG_END : JPEG_END;
    // A PNG chunk ends with a 4-byte CRC after its type.
    int afterMarker = ContentType.PNG.equals(contentType) ? 4 : 0;
    int last = data.length - marker.length - afterMarker;
    int first = Math.max(0, last - MAX_TRAILING_BYTES);
    for (int at = last; at >= first; at--) {
      if (Arrays.equals(data, at, at + marker.length, marker, 0, marker.length)) {
        return true;
      }
    }
    return false;
  }

  /** What the missing marker is called, for the dead-letter reason. */
  static String markerName(String contentType) {
    return ContentType.PNG.equals(contentType) ? "IEND chunk" : "end-of-image marker (FF D9)";
  }
}
