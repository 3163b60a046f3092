package io.mnasnet.streams.validation;

import io.mnasnet.inference.image.ImageHeader;
import io.mnasnet.inference.image.ImageHeaderReader;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.image.UnreadableImageException;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventCodec;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.schemas.InvalidImageEventException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Checks one input record, cheapest and most dangerous checks first, so that no check allocates
 * more than the limits allow:
 *
 * <ol>
 *   <li>the key (the image id) is present;
 *   <li>the value is present and at most {@link ImageLimits#maxValueBytes()} long (before parsing);
 *   <li>a {@code content-type} header, if any, names PNG, JPEG or JSON;
 *   <li>the value is a valid image event (JSON envelope or raw bytes, see {@link ImageEventCodec});
 *   <li>the image header is a PNG or JPEG header matching the declared content type;
 *   <li>the header's width x height is at most {@link ImageLimits#maxPixels()} (before decoding),
 *       and a JPEG has no more scans than {@link ImageSizeLimit#MAX_JPEG_SCANS};
 *   <li>the data reaches its format's end marker (this catches truncated data; see {@link
 *       ImageEnd}). The pixels are decoded once, by the model's input path, which dead-letters an
 *       image it cannot read.
 * </ol>
 *
 * Thread-safe.
 */
public final class ImageValidator {
  private final ImageLimits limits;
  private final ImageEventCodec codec = new ImageEventCodec();

  public ImageValidator(ImageLimits limits) {
    this.limits = limits;
  }

  /**
   * Validates a record.
   *
   * @param key the record key as text, or {@code null}
   * @param timestampMs the record timestamp
   * @param headers the record headers
   * @param value the record value, or {@code null}
   * @throws RejectedImageException saying why the record is refused
   */
  public ValidatedImage validate(String key, long timestampMs, Headers headers, byte[] value) {
    if (key == null || key.isEmpty()) {
      throw new RejectedImageException(
          RejectionReason.MISSING_KEY,
          "the record key is "
              + (key == null ? "null" : "empty")
              + "; every image record needs its image id as the key");
    }
    if (value == null || value.length == 0) {
      throw new RejectedImageException(
          RejectionReason.EMPTY_VALUE,
          "the record value is "
              + (value == null ? "null (a tombstone?)" : "empty")
              + "; expected a PNG/JPEG image or a JSON image envelope");
    }
    if (value.length > limits.maxValueBytes()) {
      throw new RejectedImageException(
          RejectionReason.VALUE_TOO_LARGE,
          "the record value has "
              + value.length
              + " bytes, more than max.value.bytes="
              + limits.maxValueBytes()
              + "; shrink large photos before sending (bin/mnasnet produce --max-side 1280)"
              + " or raise max.value.bytes");
    }
    requireKnownContentType(headers);
    ImageEvent event;
    try {
      event = codec.decode(key, timestampMs, headers, value);
    } catch (InvalidImageEventException e) {
      throw new RejectedImageException(RejectionReason.INVALID_EVENT, e.getMessage(), e);
    }
    byte[] data = event.data();
    ImageHeader header = header(data);
    if (!header.contentType().equals(event.contentType())) {
      throw new RejectedImageException(
          RejectionReason.CONTENT_TYPE_MISMATCH,
          "content type says "
              + event.contentType()
              + " but the image data is "
              + header.contentType());
    }
    limits
        .pixels()
        .pixelRefusal(header)
        .ifPresent(
            refusal -> {
              throw new RejectedImageException(
                  RejectionReason.TOO_MANY_PIXELS, refusal + " (max.image.pixels)");
            });
    limits
        .pixels()
        .scanRefusal(header)
        .ifPresent(
            refusal -> {
              throw new RejectedImageException(RejectionReason.TOO_MANY_SCANS, refusal);
            });
    if (!ImageEnd.isComplete(header.contentType(), data)) {
      throw new RejectedImageException(
          RejectionReason.CORRUPT_IMAGE,
          "the "
              + header.width()
              + "x"
              + header.height()
              + " "
              + header.contentType()
              + " image cannot be decoded: it is truncated (no "
              + ImageEnd.markerName(header.contentType())
              + " at its end)");
    }
    return new ValidatedImage(event, header, data);
  }

  private static ImageHeader header(byte[] data) {
    try {
      return ImageHeaderReader.read(data);
    } catch (UnreadableImageException e) {
      throw new RejectedImageException(
          RejectionReason.NOT_AN_IMAGE, "the image data cannot be read: " + e.getMessage(), e);
    }
  }

  private static void requireKnownContentType(Headers headers) {
    Header header = headers == null ? null : headers.lastHeader(ImageEventHeaders.CONTENT_TYPE);
    if (header == null || header.value() == null) {
      return;
    }
    String declared = new String(header.value(), StandardCharsets.UTF_8);
    String type = ContentType.normalize(declared);
    if (!type.equals(ContentType.JSON) && !ContentType.isSupported(type)) {
      throw new RejectedImageException(
          RejectionReason.UNSUPPORTED_CONTENT_TYPE,
          "header '"
              + ImageEventHeaders.CONTENT_TYPE
              + "' is '"
              + declared
              + "'; supported: "
              + String.join(", ", ContentType.SUPPORTED)
              + " (raw image) or "
              + ContentType.JSON
              + " (JSON envelope)");
    }
  }
}
