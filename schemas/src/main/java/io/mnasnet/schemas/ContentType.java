package io.mnasnet.schemas;

import java.util.List;
import java.util.Locale;

/** The media types an image event may carry, and the one of its JSON envelope. */
public final class ContentType {
  public static final String PNG = "image/png";
  public static final String JPEG = "image/jpeg";

  /** The image types the pipeline decodes; anything else is dead-lettered. */
  public static final List<String> SUPPORTED = List.of(PNG, JPEG);

  /** Content type of a JSON envelope value (format JSON); optional on the record. */
  public static final String JSON = "application/json";

  private ContentType() {}

  public static boolean isSupported(String contentType) {
    return contentType != null && SUPPORTED.contains(normalize(contentType));
  }

  /**
   * Lower-cases and trims a media type and drops parameters ({@code image/PNG; q=1} becomes {@code
   * image/png}).
   */
  public static String normalize(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the normalized type.
   *
   * @throws IllegalArgumentException naming {@code field} when the type is missing or unsupported
   */
  static String requireSupported(String contentType, String field) {
    Checks.required(contentType, field);
    String normalized = normalize(contentType);
    if (!SUPPORTED.contains(normalized)) {
      throw new IllegalArgumentException(
          "'" + field + "' must be one of " + SUPPORTED + ", got '" + contentType + "'");
    }
    return normalized;
  }
}
