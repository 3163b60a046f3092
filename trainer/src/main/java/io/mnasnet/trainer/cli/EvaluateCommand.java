package io.mnasnet.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.trainer.augment.EncodedSamples;
import io.mnasnet.trainer.augment.FloatImage;
import io.mnasnet.trainer.augment.LabelledImage;
import io.mnasnet.trainer.augment.MetadataPipeline;
import io.mnasnet.trainer.augment.SampleSource;
import io.mnasnet.trainer.data.ClassFolderMatch;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.ImageFolderDataset;
import io.mnasnet.trainer.data.LabelledImages;
import io.mnasnet.trainer.data.Split;
import io.mnasnet.trainer.snapshot.SnapshotCache;
import io.mnasnet.trainer.training.DatasetKind;
import io.mnasnet.trainer.training.EvaluationResult;
import io.mnasnet.trainer.training.Evaluator;
import io.mnasnet.trainer.training.TrainedModel;
import io.mnasnet.trainer.training.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet evaluate}: top-1 and top-5 accuracy of a trained model on a labelled split. Reads
 * the model (SavedModel + mnasnet.json, or a run directory's best epoch) and the dataset;
 * preprocesses as the model's metadata says; writes only to standard output.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Measure top-1 and top-5 accuracy of a trained model on a labelled dataset split. Images"
          + " are preprocessed exactly as the model's mnasnet.json says (normalisation, padding or"
          + " resize + centre crop, grey to RGB).",
      ClassFolderMatch.HELP,
      "A Kafka snapshot (--dataset stream-snapshot --data-dir RUN_DIR of a train --from-kafka run)"
          + " is scored on its held-out records, decoded from the bytes that were on the topic,"
          + " matched by class name."
    },
    footer = {
      "",
      "Examples:",
      "  bin/mnasnet evaluate --model models/fashion-mnist/mnasnet0_5/1",
      "  bin/mnasnet evaluate --model runs/fmnist --limit 1000 --json",
      "  bin/mnasnet evaluate --model my-model --dataset imagefolder --data-dir ~/data/flowers"
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description =
          "An exported model (saved_model.pb + mnasnet.json) or a training run directory (its"
              + " best epoch).")
  private Path model;

  @Option(
      names = "--dataset",
      paramLabel = "KIND",
      converter = TrainCommand.DatasetKindConverter.class,
      defaultValue = "fashion-mnist",
      description = "fashion-mnist, imagefolder or stream-snapshot (default: ${DEFAULT-VALUE}).")
  private DatasetKind dataset;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Fashion-MNIST IDX directory (default: /usr/share/datasets/fashion-mnist/), or the"
              + " image folder root (required).")
  private Path dataDir;

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      description =
          "Fashion-MNIST: test (default) or train. Image folder: the sub-folder to read (default:"
              + " val if it exists, else the whole folder).")
  private String split;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Evaluate only N images (0 = all): the first N of Fashion-MNIST, a seeded random N of"
              + " an image folder (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Option(
      names = "--json",
      description = "Print one JSON object: {\"top1\", \"top5\", \"n\", \"loss\", ...}.")
  private boolean json;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "" + Evaluator.DEFAULT_BATCH_SIZE,
      description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "2",
      description = "Preprocessing threads (default: ${DEFAULT-VALUE}).")
  private int workers;

  @Mixin RuntimeOptionsMixin runtime;

  @Mixin EngineOptionMixin engine;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
    }
    ResolvedRuntime resolved;
    try {
      resolved = runtime.toOptions().resolve();
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("evaluate: " + e.getMessage());
      return 2;
    }
    try (TrainedModel trained = TrainedModel.open(model, engine.engine(), resolved)) {
      LabelledSplit data = open(trained.labels());
      EvaluationResult result =
          new Evaluator(batchSize, workers)
              .evaluate(
                  data.source(),
                  MetadataPipeline.of(trained.metadata().preprocessing()),
                  trained.labels().size(),
                  trained);
      if (json) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("top1", result.top1());
        object.put("top5", result.top5());
        object.put("n", result.images());
        object.put("loss", result.loss());
        object.put("model", model.toString());
        object.put("data", data.description());
        spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(object));
      } else {
        spec.commandLine()
            .getOut()
            .printf(
                Locale.ROOT,
                "%s on %s: top-1 %.2f%%, top-5 %.2f%% of %d images (mean cross-entropy %.4f)%n",
                trained.description(),
                data.description(),
                100 * result.top1(),
                100 * result.top5(),
                result.images(),
                result.loss());
      }
      return 0;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("mnasnet evaluate: " + e.getMessage());
      return 1;
    }
  }

  private record LabelledSplit(SampleSource source, String description) {}

  private LabelledSplit open(List<String> modelLabels) throws IOException {
    return switch (dataset) {
      case FASHION_MNIST -> fashionMnist(modelLabels);
      case IMAGE_FOLDER -> imageFolder(modelLabels);
      case STREAM_SNAPSHOT -> streamSnapshot(modelLabels);
    };
  }

  /** The held-out records of a run's Kafka snapshot, decoded from their original bytes. */
  private LabelledSplit streamSnapshot(List<String> modelLabels) throws IOException {
    if (dataDir == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--dataset stream-snapshot needs --data-dir with a run directory of train --from-kafka");
    }
    Path dir =
        SnapshotCache.isComplete(dataDir.resolve(SnapshotCache.DIRECTORY))
            ? dataDir.resolve(SnapshotCache.DIRECTORY)
            : dataDir;
    SnapshotCache cache = SnapshotCache.open(dir);
    List<String> classes = cache.manifest().labels();
    int[] toModel = new int[classes.size()];
    for (int i = 0; i < toModel.length; i++) {
      toModel[i] = modelLabels.indexOf(classes.get(i));
      if (toModel[i] < 0) {
        throw new IllegalArgumentException(
            "class '"
                + classes.get(i)
                + "' of the snapshot is not one of the model's labels "
                + modelLabels);
      }
    }
    EncodedSamples heldOut = cache.validation();
    int count = limit > 0 ? Math.min(limit, heldOut.size()) : heldOut.size();
    SampleSource decoded =
        new SampleSource() {
          @Override
          public int size() {
            return count;
          }

          @Override
          public LabelledImage load(int index) throws IOException {
            DecodedImage image =
                ImageEncoding.decode(heldOut.encoded(index), ImageSizeLimit.DEFAULT);
            return new LabelledImage(
                FloatImage.fromUnsignedBytes(
                    image.pixels(), image.height(), image.width(), image.channels()),
                toModel[heldOut.label(index)]);
          }
        };
    return new LabelledSplit(decoded, "held-out records of the Kafka snapshot in " + dir);
  }

  private LabelledSplit fashionMnist(List<String> modelLabels) throws IOException {
    if (modelLabels.size() != FashionMnist.NUM_CLASSES) {
      throw new IllegalArgumentException(
          "the model has " + modelLabels.size() + " classes; Fashion-MNIST has 10");
    }
    Split which =
        switch (split == null ? "test" : split.toLowerCase(Locale.ROOT)) {
          case "test", "t10k" -> Split.TEST;
          case "train" -> Split.TRAIN;
          default ->
              throw new ParameterException(
                  spec.commandLine(), "Fashion-MNIST --split is test or train, got " + split);
        };
    Path dir = dataDir != null ? dataDir : FashionMnist.DEFAULT_DIR;
    LabelledImages images = FashionMnist.load(dir, which);
    if (limit > 0) {
      images = images.first(limit);
    }
    return new LabelledSplit(
        TrainingData.samples(images), "Fashion-MNIST " + which.cliName() + " (" + dir + ")");
  }

  private LabelledSplit imageFolder(List<String> modelLabels) throws IOException {
    if (dataDir == null) {
      throw new ParameterException(
          spec.commandLine(), "--dataset imagefolder needs --data-dir with the folder tree");
    }
    Path root = dataDir;
    if (split != null) {
      root = dataDir.resolve(split);
    } else if (Files.isDirectory(dataDir.resolve("val"))) {
      root = dataDir.resolve("val");
    }
    ImageFolderDataset folder = ImageFolderDataset.open(root);
    if (limit > 0) {
      folder = folder.sample(limit, 0);
    }
    ClassFolderMatch match = ClassFolderMatch.matchAll(folder.classNames(), modelLabels);
    String renamed = match.describe(folder.classNames());
    if (!renamed.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("Class folders matched to the model's labels: " + renamed);
    }
    ImageFolderDataset images = folder.relabel(match);
    return new LabelledSplit(images, "image folder " + root);
  }
}
