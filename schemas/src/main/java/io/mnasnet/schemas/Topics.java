package io.mnasnet.schemas;

/** Default topic names of the pipeline (each can be overridden by configuration). */
public final class Topics {
  /** Input images; key = image id, value = {@link ImageEvent} (JSON envelope or raw bytes). */
  public static final String IMAGES_IN = "images-in";

  /** Results; key = the input key, value = {@link Prediction} as JSON. */
  public static final String PREDICTIONS_OUT = "predictions-out";

  /** Rejected inputs; original key and value bytes, error in {@link DeadLetterHeaders}. */
  public static final String IMAGES_DLQ = "images-dlq";

  private Topics() {}
}
