package io.mnasnet.streams;

import io.mnasnet.streams.inference.BrightnessClassifier;
import io.mnasnet.streams.inference.ModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model directories and loaders for integration tests. */
public final class TestModels {
  /** Accuracy the test model must reach on Fashion-MNIST test images. */
  public static final double MIN_ACCURACY = 0.0;

  private TestModels() {}

  /** Each prediction's top-1 class equals what the model gives the same image directly. */
  public static void assertTop1MatchesDirectInference(
      Path modelRoot,
      java.util.List<TestImages.LabelledPng> images,
      java.util.Map<String, io.mnasnet.schemas.Prediction> predictions) {
    for (TestImages.LabelledPng image : images) {
      org.assertj.core.api.Assertions.assertThat(predictions.get(image.id()).top1().index())
          .as(image.id())
          .isEqualTo(BrightnessClassifier.expectedClass(image.png()));
    }
  }

  /** A model directory with version {@code version} under {@code root}. */
  public static Path modelDir(Path root, int version) {
    try {
      Path dir = Files.createDirectories(root.resolve(Integer.toString(version)));
      Files.write(dir.resolve("saved_model.pb"), new byte[0]);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loader of the models in {@link #modelDir}. */
  public static ModelLoader loader() {
    return (dir, version) -> new BrightnessClassifier("brightness", version);
  }
}
