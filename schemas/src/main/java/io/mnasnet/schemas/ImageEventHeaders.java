package io.mnasnet.schemas;

/** Kafka header names of an {@link ImageEvent} (raw format; {@code content-type} also for JSON). */
public final class ImageEventHeaders {
  /** Media type of the value: {@code image/png}, {@code image/jpeg} or {@code application/json}. */
  public static final String CONTENT_TYPE = "content-type";

  /** Optional {@link ImageEvent#source()} of a raw value. */
  public static final String SOURCE = "source";

  /** Prefix of attribute headers of a raw value: {@code attr.label} = attribute {@code label}. */
  public static final String ATTRIBUTE_PREFIX = "attr.";

  private ImageEventHeaders() {}
}
