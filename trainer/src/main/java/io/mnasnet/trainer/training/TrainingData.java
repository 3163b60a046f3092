package io.mnasnet.trainer.training;

import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.augment.CropDecoder;
import io.mnasnet.trainer.augment.CropDecodingTransform;
import io.mnasnet.trainer.augment.ImagePipelines;
import io.mnasnet.trainer.augment.ImageTransform;
import io.mnasnet.trainer.augment.InMemorySamples;
import io.mnasnet.trainer.augment.Normalization;
import io.mnasnet.trainer.augment.SampleSource;
import io.mnasnet.trainer.data.ClassFolderMatch;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.ImageFolderDataset;
import io.mnasnet.trainer.data.LabelledImages;
import io.mnasnet.trainer.data.Split;
import io.mnasnet.trainer.snapshot.SnapshotCache;
import io.mnasnet.trainer.snapshot.SnapshotManifest;
import io.mnasnet.trainer.snapshot.SnapshotTransforms;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dataset opened for training: the training and validation samples, the class names, the
 * augmentation and evaluation preprocessing, and the preprocessing metadata an exported model
 * carries so that serving prepares images exactly as evaluation did.
 *
 * @param description one line for logs, e.g. {@code Fashion-MNIST: 60000 train, 10000 val}
 * @param classNames class names, index = label
 * @param train training samples
 * @param validation validation samples
 * @param trainTransform augmentation (random) for training
 * @param evalTransform deterministic preprocessing for validation and serving
 * @param preprocessing {@link #evalTransform} as model metadata
 */
public record TrainingData(
    String description,
    List<String> classNames,
    SampleSource train,
    SampleSource validation,
    ImageTransform trainTransform,
    ImageTransform evalTransform,
    ModelMetadata.Preprocessing preprocessing) {

  public TrainingData {
    classNames = List.copyOf(classNames);
  }

  /** Number of classes. */
  public int numClasses() {
    return classNames.size();
  }

  /**
   * Opens the data {@code spec} describes for a network of input side {@code imageSize}.
   *
   * @param seed draws the subsets of image folders (limits, held-out validation share)
   */
  public static TrainingData open(DatasetSpec spec, int imageSize, long seed) throws IOException {
    return open(spec, imageSize, seed, List.of());
  }

  /**
   * Opens the data as {@link #open(DatasetSpec, int, long)} does; an image folder whose class
   * folders all match {@code knownLabels} (the labels of the model a run starts from, by the rules
   * of {@link ClassFolderMatch}) is labelled with them, in their order, so that a fine-tuned model
   * keeps its labels ({@code T-shirt/top} from a folder {@code T-shirt_top}) and its classifier's
   * rows keep their classes. Otherwise the folder names are the labels.
   */
  public static TrainingData open(
      DatasetSpec spec, int imageSize, long seed, List<String> knownLabels) throws IOException {
    return open(spec, imageSize, seed, knownLabels, null);
  }

  /**
   * Opens the data as {@link #open(DatasetSpec, int, long, List)} does; image folders are decoded
   * with {@code decoder} (only the crop window of each JPEG, see {@link CropDecodingTransform}).
   *
   * @param decoder of size {@code imageSize}, open while the data is used; null decodes whole
   *     images with {@code javax.imageio} and resizes them in Java (10x slower)
   */
  public static TrainingData open(
      DatasetSpec spec, int imageSize, long seed, List<String> knownLabels, CropDecoder decoder)
      throws IOException {
    if (decoder != null && decoder.size() != imageSize) {
      throw new IllegalArgumentException(
          "the crop decoder makes " + decoder.size() + " pixels, the network takes " + imageSize);
    }
    return switch (spec.kind()) {
      case FASHION_MNIST -> fashionMnist(spec, imageSize);
      case IMAGE_FOLDER -> imageFolder(spec, imageSize, seed, knownLabels, decoder);
      case STREAM_SNAPSHOT -> streamSnapshot(spec, imageSize);
    };
  }

  /** Fashion-MNIST's preprocessing: normalise, pad 28 to 32 with normalised black, grey to RGB. */
  public static ModelMetadata.Preprocessing fashionMnistPreprocessing() {
    Normalization n = Normalization.FASHION_MNIST;
    return new ModelMetadata.Preprocessing(
        ImagePipelines.FASHION_MNIST_SIZE,
        ModelMetadata.Preprocessing.RESIZE_PAD,
        0,
        replicate(n.mean()[0]),
        replicate(n.std()[0]),
        ModelMetadata.Preprocessing.GRAYSCALE_REPLICATE);
  }

  /**
   * ImageNet-style preprocessing at {@code imageSize}: shorter side to size*256/224, centre crop.
   */
  public static ModelMetadata.Preprocessing imageNetPreprocessing(int imageSize) {
    Normalization n = Normalization.IMAGENET;
    List<Double> mean = new ArrayList<>();
    List<Double> std = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      mean.add(exact(n.mean()[c]));
      std.add(exact(n.std()[c]));
    }
    return new ModelMetadata.Preprocessing(
        imageSize,
        ModelMetadata.Preprocessing.RESIZE_CENTER_CROP,
        evalResize(imageSize),
        mean,
        std,
        ModelMetadata.Preprocessing.GRAYSCALE_REPLICATE);
  }

  /** The shorter side before the centre crop, in ImageNet's 256:224 ratio. */
  static int evalResize(int imageSize) {
    return (int)
        Math.round(
            imageSize
                * (double) ImagePipelines.IMAGENET_EVAL_RESIZE
                / ImagePipelines.IMAGENET_SIZE);
  }

  private static TrainingData fashionMnist(DatasetSpec spec, int imageSize) throws IOException {
    if (imageSize != ImagePipelines.FASHION_MNIST_SIZE) {
      throw new IllegalArgumentException(
          "Fashion-MNIST is trained at "
              + ImagePipelines.FASHION_MNIST_SIZE
              + "x"
              + ImagePipelines.FASHION_MNIST_SIZE
              + " (28x28 padded); got --image-size "
              + imageSize);
    }
    LabelledImages train = limit(FashionMnist.load(spec.dataDir(), Split.TRAIN), spec.trainLimit());
    LabelledImages test =
        limit(FashionMnist.load(spec.dataDir(), Split.TEST), spec.validationLimit());
    return new TrainingData(
        "Fashion-MNIST from %s: %d training images, validation on %d test images"
            .formatted(spec.dataDir(), train.size(), test.size()),
        FashionMnist.CLASS_NAMES,
        samples(train),
        samples(test),
        ImagePipelines.fashionMnistTrain(3),
        ImagePipelines.fashionMnistEval(3),
        fashionMnistPreprocessing());
  }

  private static TrainingData imageFolder(
      DatasetSpec spec, int imageSize, long seed, List<String> knownLabels, CropDecoder decoder)
      throws IOException {
    ImageFolderDataset train;
    ImageFolderDataset validation;
    String layout;
    if (ImageFolderDataset.hasTrainAndValidationFolders(spec.dataDir())) {
      train = ImageFolderDataset.open(spec.dataDir().resolve("train"));
      validation = ImageFolderDataset.openSplit(spec.dataDir(), "val", train.classNames());
      layout = "train/ and val/";
    } else {
      ImageFolderDataset[] split =
          ImageFolderDataset.open(spec.dataDir()).holdOut(spec.validationFraction(), seed);
      train = split[0];
      validation = split[1];
      layout = "%.0f%% held out for validation".formatted(100 * spec.validationFraction());
    }
    List<String> folders = train.classNames();
    Optional<ClassFolderMatch> match = ClassFolderMatch.match(folders, knownLabels);
    if (!knownLabels.isEmpty() && match.isPresent()) {
      train = train.relabel(match.get());
      validation = validation.relabel(match.get());
      String renamed = match.get().describe(folders);
      layout += "; labels of the starting model" + (renamed.isEmpty() ? "" : " (" + renamed + ")");
    } else if (!knownLabels.isEmpty()) {
      layout += "; labels from the folder names (they are not the starting model's labels)";
    }
    if (spec.trainLimit() > 0) {
      train = train.sample(spec.trainLimit(), seed);
    }
    if (spec.validationLimit() > 0) {
      validation = validation.sample(spec.validationLimit(), seed);
    }
    int resize = evalResize(imageSize);
    return new TrainingData(
        "image folder %s (%s): %d classes, %d training images, %d validation images"
            .formatted(
                spec.dataDir(), layout, train.classNames().size(), train.size(), validation.size()),
        train.classNames(),
        train,
        validation,
        decoder == null
            ? ImagePipelines.imageNetTrain(imageSize)
            : CropDecodingTransform.train(decoder),
        decoder == null
            ? ImagePipelines.imageNetEval(resize, imageSize)
            : CropDecodingTransform.eval(decoder, resize),
        imageNetPreprocessing(imageSize));
  }

  private static TrainingData streamSnapshot(DatasetSpec spec, int imageSize) throws IOException {
    SnapshotCache cache = SnapshotCache.open(spec.dataDir());
    SnapshotManifest manifest = cache.manifest();
    ModelMetadata.Preprocessing preprocessing = manifest.preprocessing();
    if (preprocessing.imageSize() != imageSize) {
      throw new IllegalArgumentException(
          "the snapshot in "
              + spec.dataDir()
              + " holds images of side "
              + preprocessing.imageSize()
              + ", the run trains at "
              + imageSize);
    }
    return new TrainingData(
        "Kafka snapshot of %s (cluster %s): %d training images, %d held out for validation"
            .formatted(
                String.join(", ", manifest.topics()),
                manifest.snapshot().clusterId(),
                manifest.trainImages(),
                manifest.validationImages()),
        manifest.labels(),
        cache.train(),
        cache.validation(),
        SnapshotTransforms.train(preprocessing),
        SnapshotTransforms.eval(preprocessing),
        preprocessing);
  }

  private static LabelledImages limit(LabelledImages images, int limit) {
    return limit > 0 ? images.first(limit) : images;
  }

  /** Fashion-MNIST images as an in-memory sample source (one grey channel). */
  public static SampleSource samples(LabelledImages images) {
    byte[] pixels = new byte[images.size() * images.imageBytes()];
    images.pixels().get(pixels);
    return new InMemorySamples(pixels, images.labels(), images.rows(), images.cols(), 1);
  }

  private static List<Double> replicate(float value) {
    return List.of(exact(value), exact(value), exact(value));
  }

  /** The decimal the float was written as (0.286f becomes 0.286, not 0.28600001335144043). */
  private static double exact(float value) {
    return Double.parseDouble(Float.toString(value));
  }
}
