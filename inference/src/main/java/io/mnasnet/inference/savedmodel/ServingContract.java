package io.mnasnet.inference.savedmodel;

/**
 * What a SavedModel of this project promises to whoever serves it: the tag it is saved under and
 * the names of its signatures' inputs and outputs. The trainer's exporter writes these names and
 * {@link SavedModelClassifier} reads them; keeping them here lets the two agree without the serving
 * side depending on the trainer.
 */
public final class ServingContract {

  /** The SavedModel tag of the exported graph. */
  public static final String TAG = "serve";

  /** Input of {@code serving_default}: float32 {@code [N, S, S, 3]}, already preprocessed. */
  public static final String IMAGES = "images";

  /** Input of {@code serving_encoded}: string {@code [N]} of PNG/JPEG bytes. */
  public static final String ENCODED_IMAGES = "encoded_images";

  /** Output of both signatures: float32 {@code [N, classes]}. */
  public static final String LOGITS = "logits";

  /** Output of both signatures: softmax of the logits. */
  public static final String PROBABILITIES = "probabilities";

  private ServingContract() {}
}
