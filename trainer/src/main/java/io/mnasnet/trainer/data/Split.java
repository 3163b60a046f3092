package io.mnasnet.trainer.data;

/** The two parts of Fashion-MNIST (and MNIST), named by the prefix of their files. */
public enum Split {
  /** 60,000 training images: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}. */
  TRAIN("train"),
  /** 10,000 test images: {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}. */
  TEST("t10k");

  private final String filePrefix;

  Split(String filePrefix) {
    this.filePrefix = filePrefix;
  }

  /** The images file name without {@code .gz}. */
  public String imagesFileName() {
    return filePrefix + "-images-idx3-ubyte";
  }

  /** The labels file name without {@code .gz}. */
  public String labelsFileName() {
    return filePrefix + "-labels-idx1-ubyte";
  }

  /** {@code train} or {@code test}, as written on a command line. */
  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
