package io.mnasnet.trainer.data;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.image.UnreadableImageException;
import io.mnasnet.trainer.augment.EncodedImageTransform;
import io.mnasnet.trainer.augment.FloatImage;
import io.mnasnet.trainer.augment.ImageTransform;
import io.mnasnet.trainer.augment.LabelledImage;
import io.mnasnet.trainer.augment.SampleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A one-folder-per-class image dataset, like torchvision's {@code ImageFolder}: {@code
 * root/<class>/<image>}, classes sorted by folder name (the label is the index in that order),
 * images sorted by file name. PNG and JPEG files are read ({@code .png}, {@code .jpg}, {@code
 * .jpeg}, any case); other files are ignored.
 *
 * <p>Only the list of files is held in memory: each {@link #load} reads and decodes one file (with
 * {@code javax.imageio}, see {@link ImageEncoding}), so loading belongs on the batch loader's
 * worker threads. Thread-safe.
 *
 * <p>An ImageNet-style tree has {@code train/} and {@code val/} folders, each one-folder-per-class
 * with the same class folders: open each with {@link #open(Path)} and check {@link #classNames()}
 * agree, or use {@link #openSplit(Path, String, List)}.
 */
public final class ImageFolderDataset implements SampleSource {

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

  private final Path root;
  private final List<String> classNames;
  private final Path[] files;
  private final int[] labels;

  private ImageFolderDataset(Path root, List<String> classNames, Path[] files, int[] labels) {
    this.root = root;
    this.classNames = List.copyOf(classNames);
    this.files = files;
    this.labels = labels;
  }

  /**
   * Scans {@code root}: every sub-folder is a class.
   *
   * @throws NoSuchFileException if {@code root} does not exist
   * @throws IOException if it has no class folder or no image
   */
  public static ImageFolderDataset open(Path root) throws IOException {
    return scan(root, classFolders(root));
  }

  /**
   * Scans {@code root/split} (e.g. {@code val}) with a given class list, so that its labels agree
   * with the training split's; a class folder missing from this split just has no images, a folder
   * that is not in {@code classNames} is an error.
   */
  public static ImageFolderDataset openSplit(Path root, String split, List<String> classNames)
      throws IOException {
    Path dir = root.resolve(split);
    for (String found : classFolders(dir)) {
      if (!classNames.contains(found)) {
        throw new IOException(
            dir.resolve(found)
                + " is a class folder that the training split does not have; every split needs"
                + " the same class folders");
      }
    }
    return scan(dir, classNames);
  }

  /**
   * Whether {@code root} looks like an ImageNet-style tree with {@code train/} and {@code val/}.
   */
  public static boolean hasTrainAndValidationFolders(Path root) {
    return Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("val"));
  }

  private static List<String> classFolders(Path root) throws IOException {
    if (!Files.exists(root)) {
      throw new NoSuchFileException(
          root.toString(), null, "image folder not found (expected <root>/<class>/<image>)");
    }
    if (!Files.isDirectory(root)) {
      throw new NotDirectoryException(root.toString());
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      children
          .filter(Files::isDirectory)
          .map(path -> path.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .forEach(names::add);
    }
    if (names.isEmpty()) {
      throw new IOException(
          root + " has no class folders; expected one sub-folder per class holding its images");
    }
    names.sort(String::compareTo);
    return names;
  }

  private static ImageFolderDataset scan(Path root, List<String> classNames) throws IOException {
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int label = 0; label < classNames.size(); label++) {
      Path classDir = root.resolve(classNames.get(label));
      if (!Files.isDirectory(classDir)) {
        continue;
      }
      List<Path> images;
      try (Stream<Path> children = Files.walk(classDir)) {
        images = children.filter(ImageFolderDataset::isImageFile).sorted().toList();
      }
      for (Path image : images) {
        files.add(image);
        labels.add(label);
      }
    }
    if (files.isEmpty()) {
      throw new IOException(
          root + " has class folders but no .png/.jpg/.jpeg images in them: " + classNames);
    }
    return new ImageFolderDataset(
        root,
        classNames,
        files.toArray(Path[]::new),
        labels.stream().mapToInt(Integer::intValue).toArray());
  }

  private static boolean isImageFile(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(path) && EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** The folder scanned. */
  public Path root() {
    return root;
  }

  /**
   * Class names in label order: the folder names, sorted, or a model's labels after {@link
   * #relabel}.
   */
  public List<String> classNames() {
    return classNames;
  }

  /** The file of sample {@code index}. */
  public Path file(int index) {
    return files[index];
  }

  /** The label of sample {@code index}. */
  public int label(int index) {
    return labels[index];
  }

  /**
   * Splits off a random {@code fraction} of the samples (drawn with {@code seed}) as a validation
   * set, for a dataset without its own {@code val/} folder.
   *
   * @return {@code [training, validation]}, both with this dataset's classes
   */
  public ImageFolderDataset[] holdOut(double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + fraction);
    }
    int[] order = new int[files.length];
    Arrays.setAll(order, i -> i);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int validationCount = (int) Math.round(files.length * fraction);
    if (validationCount == 0 || validationCount == files.length) {
      throw new IllegalArgumentException(
          "a validation fraction of "
              + fraction
              + " leaves an empty split of "
              + files.length
              + " images");
    }
    int[] validation = Arrays.copyOfRange(order, 0, validationCount);
    int[] training = Arrays.copyOfRange(order, validationCount, order.length);
    Arrays.sort(validation);
    Arrays.sort(training);
    return new ImageFolderDataset[] {subset(training), subset(validation)};
  }

  /** The first {@code count} samples in a random order fixed by {@code seed} (all if fewer). */
  public ImageFolderDataset sample(int count, long seed) {
    if (count >= files.length) {
      return this;
    }
    return holdOut(count / (double) files.length, seed)[1];
  }

  /**
   * The same images labelled with a model's labels: the class of an image is the label its folder
   * matched ({@code match} made from this dataset's {@link #classNames()}), and the class names are
   * the model's labels.
   */
  public ImageFolderDataset relabel(ClassFolderMatch match) {
    int[] labelOfFolder = match.labelOfFolder();
    if (labelOfFolder.length != classNames.size()) {
      throw new IllegalArgumentException(
          "a match of " + labelOfFolder.length + " folders for " + classNames.size() + " classes");
    }
    int[] relabelled = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      relabelled[i] = labelOfFolder[labels[i]];
    }
    return new ImageFolderDataset(root, match.labels(), files, relabelled);
  }

  private ImageFolderDataset subset(int[] indices) {
    Path[] subsetFiles = new Path[indices.length];
    int[] subsetLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      subsetFiles[i] = files[indices[i]];
      subsetLabels[i] = labels[indices[i]];
    }
    return new ImageFolderDataset(root, classNames, subsetFiles, subsetLabels);
  }

  @Override
  public int size() {
    return files.length;
  }

  /** Reads and decodes sample {@code index} to pixels in [0, 1] (grey stays one channel). */
  @Override
  public LabelledImage load(int index) throws IOException {
    Path file = files[index];
    DecodedImage decoded;
    try {
      decoded = ImageEncoding.decode(Files.readAllBytes(file), ImageSizeLimit.DEFAULT);
    } catch (UnreadableImageException e) {
      throw new UnreadableImageException(file + ": " + e.getMessage(), e);
    }
    return new LabelledImage(
        FloatImage.fromUnsignedBytes(
            decoded.pixels(), decoded.height(), decoded.width(), decoded.channels()),
        labels[index]);
  }

  /**
   * Reads sample {@code index}'s bytes and, for an {@link EncodedImageTransform}, lets it decode
   * them (a JPEG's crop window only); any other transform gets the decoded image.
   */
  @Override
  public LabelledImage loadTransformed(int index, ImageTransform transform, SplittableRandom random)
      throws IOException {
    if (!(transform instanceof EncodedImageTransform encodedTransform)) {
      return SampleSource.super.loadTransformed(index, transform, random);
    }
    Path file = files[index];
    try {
      return new LabelledImage(
          encodedTransform.applyToEncoded(Files.readAllBytes(file), random), labels[index]);
    } catch (UnreadableImageException e) {
      throw new UnreadableImageException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ImageFolderDataset["
        + root
        + ", "
        + files.length
        + " images, "
        + classNames.size()
        + " classes]";
  }
}
