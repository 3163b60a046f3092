package io.mnasnet.streams.validation;

/** Why an input record was dead-lettered; also the {@code reason} tag of the metric. */
public enum RejectionReason {
  /** The record key (the image id) is null or empty. */
  MISSING_KEY,
  /** The value is null (a tombstone) or empty. */
  EMPTY_VALUE,
  /** The value is larger than {@code max.value.bytes}. */
  VALUE_TOO_LARGE,
  /** The {@code content-type} header names a type that is not PNG, JPEG or JSON. */
  UNSUPPORTED_CONTENT_TYPE,
  /**
   * The JSON envelope or the raw record is not a valid image event (the message names the field).
   */
  INVALID_EVENT,
  /** The bytes are not a PNG or JPEG image. */
  NOT_AN_IMAGE,
  /** The bytes are an image of another type than the declared content type. */
  CONTENT_TYPE_MISMATCH,
  /** The header claims more than {@code max.image.pixels} pixels. */
  TOO_MANY_PIXELS,
  /**
   * A JPEG with more scans than any encoder writes: each is a pass of the decoder over the whole
   * image, so a small file of thousands of scans would cost minutes of CPU.
   */
  TOO_MANY_SCANS,
  /** The header is fine but the data stops before the format's end marker (truncated). */
  CORRUPT_IMAGE,
  /**
   * The image passed validation but the model could not read it (TensorFlow's decoder refused what
   * the JDK's accepted); found at inference time.
   */
  UNCLASSIFIABLE
}
