package io.mnasnet.streams.inference;

/**
 * The model's answer for one image: class probabilities, or why it could not classify it.
 *
 * @param probabilities one per label, summing to 1; {@code null} when {@code error} is set
 * @param error why the model could not read this image, or {@code null}
 */
public record ImageScores(float[] probabilities, String error) {
  public static ImageScores of(float[] probabilities) {
    return new ImageScores(probabilities, null);
  }

  public static ImageScores failed(String error) {
    return new ImageScores(null, error);
  }

  public boolean ok() {
    return error == null;
  }
}
