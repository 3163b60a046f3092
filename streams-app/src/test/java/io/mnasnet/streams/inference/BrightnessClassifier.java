package io.mnasnet.streams.inference;

import io.mnasnet.inference.engine.Engine;
import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.image.UnreadableImageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A deterministic, model-free classifier for tests of model-swapping and batching mechanics only
 * (never of classification, never in a pipeline test): class = mean brightness bucket. Records
 * every batch size it sees.
 */
public final class BrightnessClassifier implements ImageClassifier {
  private final ModelIdentity identity;
  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  public BrightnessClassifier(String name, int version) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      labels.add("class-" + i);
    }
    // computed in Java, by no engine; it claims TensorFlow only because an identity names one
    this.identity = new ModelIdentity(name, version, Engine.TENSORFLOW, labels);
  }

  @Override
  public ModelIdentity identity() {
    return identity;
  }

  /** The class this classifier gives {@code png}. */
  public static int expectedClass(byte[] png) {
    try {
      DecodedImage image = ImageEncoding.decode(png, ImageSizeLimit.DEFAULT);
      byte[] pixels = image.pixels();
      long sum = 0;
      for (byte p : pixels) {
        sum += p & 0xff;
      }
      return (int) Math.min(9, sum / pixels.length / 26);
    } catch (UnreadableImageException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public List<ImageScores> classify(List<byte[]> encodedImages) {
    if (closed.get()) {
      throw new IllegalStateException(identity + " is closed");
    }
    batchSizes.add(encodedImages.size());
    List<ImageScores> out = new ArrayList<>();
    for (byte[] image : encodedImages) {
      int cls = expectedClass(image);
      float[] row = new float[10];
      for (int c = 0; c < 10; c++) {
        row[c] = c == cls ? 0.91f : 0.01f;
      }
      out.add(ImageScores.of(row));
    }
    return out;
  }

  public List<Integer> batchSizes() {
    return batchSizes;
  }

  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
