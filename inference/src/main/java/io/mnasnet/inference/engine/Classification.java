package io.mnasnet.inference.engine;

import java.util.Optional;

/**
 * The outcome for one encoded image: a {@link Prediction}, or why the image could not be classified
 * (e.g. not a decodable PNG/JPEG). Bad images are data to report, not a reason to fail the rest of
 * the batch.
 *
 * @param prediction the prediction, if the image could be classified
 * @param error what went wrong, if it could not
 */
public record Classification(Optional<Prediction> prediction, Optional<String> error) {

  public Classification {
    if (prediction.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("exactly one of prediction and error must be present");
    }
  }

  public static Classification of(Prediction prediction) {
    return new Classification(Optional.of(prediction), Optional.empty());
  }

  public static Classification failed(String error) {
    return new Classification(Optional.empty(), Optional.of(error));
  }

  public boolean succeeded() {
    return prediction.isPresent();
  }
}
