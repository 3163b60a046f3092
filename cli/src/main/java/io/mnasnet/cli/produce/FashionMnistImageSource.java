package io.mnasnet.cli.produce;

import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.LabelledImages;
import io.mnasnet.trainer.data.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalInt;

/**
 * Fashion-MNIST images from IDX files, each encoded as a greyscale PNG when it is taken. Ids are
 * {@code fmnist-<split>-<index>} (e.g. {@code fmnist-test-00042}); attribute {@value
 * ImageEvent#LABEL_ATTRIBUTE} holds the class index and {@value #LABEL_NAME_ATTRIBUTE} its name, so
 * consumers can score predictions.
 */
public final class FashionMnistImageSource implements ImageSource {
  /** Attribute holding the class name, e.g. {@code Ankle boot}. */
  public static final String LABEL_NAME_ATTRIBUTE = "labelName";

  private final LabelledImages images;
  private final Split split;
  private final String origin;
  private int next;

  /**
   * A source over {@code images} of {@code split}.
   *
   * @param origin where they were read, for the summary
   */
  public FashionMnistImageSource(LabelledImages images, Split split, String origin) {
    this.images = images;
    this.split = split;
    this.origin = origin;
  }

  /**
   * Loads {@code split} from {@code dataDir}; when no directory is given, from {@link
   * FashionMnist#DEFAULT_DIR}, falling back to the bundled 1,000-image sample for the test split
   * when the data set is not installed there.
   *
   * @param dataDir a directory with the IDX files (gzipped or plain), or {@code null}
   * @throws IOException if the files are missing (the message says how to get them) or corrupt
   */
  public static FashionMnistImageSource load(Path dataDir, Split split) throws IOException {
    if (dataDir != null) {
      return new FashionMnistImageSource(
          FashionMnist.load(dataDir, split), split, dataDir.toString());
    }
    if (split == Split.TEST && !FashionMnist.isAvailable(FashionMnist.DEFAULT_DIR, split)) {
      return new FashionMnistImageSource(
          FashionMnist.loadSample(),
          split,
          "the bundled sample (the full test set is not installed in "
              + FashionMnist.DEFAULT_DIR
              + ": apt-get install dataset-fashion-mnist for all 10,000)");
    }
    return new FashionMnistImageSource(
        FashionMnist.load(FashionMnist.DEFAULT_DIR, split),
        split,
        FashionMnist.DEFAULT_DIR.toString());
  }

  /** The event id of image {@code index} of {@code split}. */
  public static String id(Split split, int index) {
    return "fmnist-%s-%05d".formatted(split.cliName(), index);
  }

  @Override
  public String description() {
    return "Fashion-MNIST %s split, %d images from %s"
        .formatted(split.cliName(), images.size(), origin);
  }

  @Override
  public OptionalInt size() {
    return OptionalInt.of(images.size());
  }

  @Override
  public boolean hasNext() {
    return next < images.size();
  }

  @Override
  public SourceEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int index = next++;
    byte[] png = ImageEncoding.encodeGreyPng(images.image(index), images.cols(), images.rows());
    int label = images.label(index);
    String id = id(split, index);
    return new SourceImage(
        id,
        id,
        ContentType.PNG,
        png,
        "fashion-mnist/" + split.cliName(),
        Map.of(
            ImageEvent.LABEL_ATTRIBUTE,
            Integer.toString(label),
            LABEL_NAME_ATTRIBUTE,
            FashionMnist.className(label)));
  }
}
