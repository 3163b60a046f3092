package io.mnasnet.trainer.snapshot;

/**
 * Why a record of a snapshot was not used. Skipping is data, not a failure: the counts by reason
 * are printed, written to the run log and kept in the model's lineage.
 */
public enum SkipReason {
  /** The value is no image event of the contract (a tombstone, other JSON, a missing header). */
  NOT_AN_IMAGE_EVENT(
      "not an image event",
      "is --from-kafka the images topic? The contract is in schemas/ (raw PNG/JPEG with header"
          + " content-type, or the JSON envelope)"),
  /** No {@code attr.label} header / {@code attributes.label} field. */
  NO_LABEL(
      "no label",
      "producers must attach the true class: header attr.label or attributes.label (e.g."
          + " bin/mnasnet produce attaches it for Fashion-MNIST)"),
  /** A label that is neither a class name nor a class index of the label list. */
  UNKNOWN_LABEL(
      "label matches no class",
      "give the class names with --labels, or --init-from a model with these classes"),
  /** Bytes that do not decode as the PNG or JPEG they claim to be. */
  UNDECODABLE_IMAGE("undecodable image", "the image bytes are corrupt or not PNG/JPEG"),
  /** An image whose header claims more pixels than allowed. */
  IMAGE_TOO_LARGE(
      "image too large",
      "images above the limit are refused unread; shrink them before sending (bin/mnasnet produce"
          + " --max-side N)");

  private final String words;
  private final String hint;

  SkipReason(String words, String hint) {
    this.words = words;
    this.hint = hint;
  }

  /** How counts and messages name the reason, e.g. {@code no label}. */
  public String words() {
    return words;
  }

  /** What the user can do about it, for the message of a snapshot with nothing usable. */
  public String hint() {
    return hint;
  }

  @Override
  public String toString() {
    return words;
  }
}
