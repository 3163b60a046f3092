package io.mnasnet.cli.produce;

import java.util.Map;

/**
 * An encoded image ready to become an {@link io.mnasnet.schemas.ImageEvent}; the timestamp is set
 * when it is sent.
 *
 * @param id the event id (record key)
 * @param name the input's name for people (file path, or the id)
 * @param contentType {@code image/png} or {@code image/jpeg}, from the bytes, not the file name
 * @param data the encoded image; not copied, the source hands over ownership
 * @param source the event's {@code source} field (where the image came from)
 * @param attributes the event's attributes, e.g. {@code label}
 */
public record SourceImage(
    String id,
    String name,
    String contentType,
    byte[] data,
    String source,
    Map<String, String> attributes)
    implements SourceEntry {
  public SourceImage {
    attributes = Map.copyOf(attributes);
  }
}
