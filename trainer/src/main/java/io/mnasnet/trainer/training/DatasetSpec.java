package io.mnasnet.trainer.training;

import java.nio.file.Path;

/**
 * Which data a run trains and validates on; saved in the run directory so that a resumed run reads
 * exactly the same samples.
 *
 * @param kind Fashion-MNIST IDX files or an image folder tree
 * @param dataDir the directory holding the IDX files, or the root of the image folder tree
 * @param trainLimit use only this many training samples (0 = all): the first ones for
 *     Fashion-MNIST, a seeded random subset for image folders
 * @param validationLimit use only this many validation samples (0 = all), chosen the same way
 * @param validationFraction for an image folder without {@code train/} and {@code val/}: the share
 *     of images held out for validation, in (0, 1)
 */
public record DatasetSpec(
    DatasetKind kind,
    Path dataDir,
    int trainLimit,
    int validationLimit,
    double validationFraction) {

  /** Default share held out of a single-level image folder. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

  public DatasetSpec {
    if (kind == null || dataDir == null) {
      throw new IllegalArgumentException("dataset kind and data directory must be set");
    }
    if (trainLimit < 0 || validationLimit < 0) {
      throw new IllegalArgumentException(
          "train/validation limits must be >= 0 (0 = all), got "
              + trainLimit
              + " and "
              + validationLimit);
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in (0, 1), got " + validationFraction);
    }
  }

  /** All of Fashion-MNIST in {@code dataDir}. */
  public static DatasetSpec fashionMnist(Path dataDir) {
    return new DatasetSpec(DatasetKind.FASHION_MNIST, dataDir, 0, 0, DEFAULT_VALIDATION_FRACTION);
  }

  /** An image folder tree at {@code root}. */
  public static DatasetSpec imageFolder(Path root) {
    return new DatasetSpec(DatasetKind.IMAGE_FOLDER, root, 0, 0, DEFAULT_VALIDATION_FRACTION);
  }

  /** The same data with sample limits (0 = all). */
  public DatasetSpec withLimits(int train, int validation) {
    return new DatasetSpec(kind, dataDir, train, validation, validationFraction);
  }

  /** The same data with another held-out share. */
  public DatasetSpec withValidationFraction(double fraction) {
    return new DatasetSpec(kind, dataDir, trainLimit, validationLimit, fraction);
  }
}
