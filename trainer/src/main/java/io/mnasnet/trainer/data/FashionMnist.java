package io.mnasnet.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Fashion-MNIST data set (Zalando, MIT licence): 28x28 greyscale images of clothing in 10
 * classes, 60,000 for training and 10,000 for testing, in IDX files.
 *
 * <p>Reads a split from a directory such as {@link #DEFAULT_DIR}, where Debian's {@code
 * dataset-fashion-mnist} package installs the gzipped files, or the 1,000-image sample (the first
 * 1,000 test images) bundled on the classpath.
 */
public final class FashionMnist {
  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The class names; index = label. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  public static final int NUM_CLASSES = 10;
  public static final int IMAGE_SIZE = 28;

  /** Number of images in the bundled sample ({@link #loadSample()}). */
  public static final int SAMPLE_SIZE = 1_000;

  /** Classpath directory of the bundled sample: the first 1,000 {@code t10k} images. */
  public static final String SAMPLE_RESOURCE_DIR = "/io/mnasnet/trainer/data/fashion-mnist-sample/";

  private static final String GZ = ".gz";

  private FashionMnist() {}

  /** The name of class {@code label}, e.g. {@code Ankle boot} for 9. */
  public static String className(int label) {
    if (label < 0 || label >= NUM_CLASSES) {
      throw new IllegalArgumentException("Fashion-MNIST label must be 0..9, got " + label);
    }
    return CLASS_NAMES.get(label);
  }

  /** Whether {@code dir} holds both files of {@code split} (gzipped or plain). */
  public static boolean isAvailable(Path dir, Split split) {
    return find(dir, split.imagesFileName()).isPresent()
        && find(dir, split.labelsFileName()).isPresent();
  }

  /**
   * Loads {@code split} from {@code dir}, which holds {@code <prefix>-images-idx3-ubyte} and {@code
   * <prefix>-labels-idx1-ubyte}, each gzipped ({@code .gz}) or plain.
   *
   * @throws java.nio.file.NoSuchFileException if a file is missing, saying how to get them
   * @throws IdxFormatException if a file is corrupt or the two files do not match
   */
  public static LabelledImages load(Path dir, Split split) throws IOException {
    Path images = require(dir, split.imagesFileName(), split);
    Path labels = require(dir, split.labelsFileName(), split);
    return combine(IdxFile.read(images), IdxFile.read(labels));
  }

  /** The bundled sample: the first {@value #SAMPLE_SIZE} images of the test split. */
  public static LabelledImages loadSample() throws IOException {
    return combine(
        readResource(Split.TEST.imagesFileName() + GZ),
        readResource(Split.TEST.labelsFileName() + GZ));
  }

  private static IdxFile readResource(String name) throws IOException {
    String resource = SAMPLE_RESOURCE_DIR + name;
    try (InputStream in = FashionMnist.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("classpath resource " + resource + " is missing from the build");
      }
      return IdxFile.read(in, "classpath:" + resource);
    }
  }

  private static Optional<Path> find(Path dir, String baseName) {
    for (String name : List.of(baseName + GZ, baseName)) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  private static Path require(Path dir, String baseName, Split split) throws IOException {
    return find(dir, baseName)
        .orElseThrow(
            () ->
                new java.nio.file.NoSuchFileException(
                    dir.resolve(baseName + GZ).toString(),
                    null,
                    ("Fashion-MNIST %s split not found in %s (need %s and %s, .gz or plain)."
                            + " Install it with `apt-get install dataset-fashion-mnist` (files in %s)"
                            + " or pass --data-dir with a directory that holds them.")
                        .formatted(
                            split.cliName(),
                            dir,
                            split.imagesFileName(),
                            split.labelsFileName(),
                            DEFAULT_DIR)));
  }

  private static LabelledImages combine(IdxFile images, IdxFile labels) throws IdxFormatException {
    int[] imageDims = images.dims();
    if (imageDims.length != 3 || imageDims[1] != IMAGE_SIZE || imageDims[2] != IMAGE_SIZE) {
      throw new IdxFormatException(
          "%s: Fashion-MNIST images must have dimensions [n, 28, 28], got %s"
              .formatted(images.source(), Arrays.toString(imageDims)));
    }
    int[] labelDims = labels.dims();
    if (labelDims.length != 1 || labelDims[0] != imageDims[0]) {
      throw new IdxFormatException(
          "%s: expected %d labels (one per image in %s), got dimensions %s"
              .formatted(
                  labels.source(), imageDims[0], images.source(), Arrays.toString(labelDims)));
    }
    byte[] raw = labels.rawData();
    int[] values = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      values[i] = raw[i] & 0xff;
      if (values[i] >= NUM_CLASSES) {
        throw new IdxFormatException(
            "%s: label %d of item %d is outside 0..9".formatted(labels.source(), values[i], i));
      }
    }
    return LabelledImages.owning(IMAGE_SIZE, IMAGE_SIZE, images.rawData(), values);
  }
}
