package io.mnasnet.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundled 1,000-image Fashion-MNIST sample written out as an IDX directory, so that tests of
 * code reading a {@code --data-dir} run on a machine without Debian's {@code
 * dataset-fashion-mnist}.
 *
 * <p>The sample is the first 1,000 official test images: a directory made of it holds real
 * Fashion-MNIST images, only fewer of them.
 */
public final class SampleDataDirectory {

  private SampleDataDirectory() {}

  /**
   * Writes the first {@code trainImages} images of the sample as the training split and the rest as
   * the test split (disjoint, so validation measures images the model did not train on).
   *
   * @return {@code dir}
   */
  public static Path writeSplit(Path dir, int trainImages) throws IOException {
    LabelledImages sample = FashionMnist.loadSample();
    if (trainImages <= 0 || trainImages >= sample.size()) {
      throw new IllegalArgumentException(
          "trainImages must leave images for both splits: 1.." + (sample.size() - 1));
    }
    write(dir, Split.TRAIN, sample, 0, trainImages);
    write(dir, Split.TEST, sample, trainImages, sample.size());
    return dir;
  }

  /**
   * Writes the whole sample as the test split, as {@code t10k-*} files of the full data set would
   * begin.
   *
   * @return {@code dir}
   */
  public static Path writeTestSplit(Path dir) throws IOException {
    LabelledImages sample = FashionMnist.loadSample();
    write(dir, Split.TEST, sample, 0, sample.size());
    return dir;
  }

  private static void write(Path dir, Split split, LabelledImages images, int from, int to)
      throws IOException {
    int count = to - from;
    byte[] pixels = new byte[count * images.imageBytes()];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      images.copyImage(from + i, pixels, i * images.imageBytes());
      labels[i] = (byte) images.label(from + i);
    }
    Files.createDirectories(dir);
    Files.write(
        dir.resolve(split.imagesFileName()),
        IdxFileTest.idx(new int[] {count, images.rows(), images.cols()}, pixels));
    Files.write(dir.resolve(split.labelsFileName()), IdxFileTest.idx(new int[] {count}, labels));
  }
}
