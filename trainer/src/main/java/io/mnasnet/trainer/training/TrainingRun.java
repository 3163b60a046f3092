package io.mnasnet.trainer.training;

import io.mnasnet.trainer.model.MnasNetConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * What a training run is: the model, the recipe, the data and the settings that change its numbers.
 * Written to {@code RUN_DIR/run.json} when the run starts and read back by {@code train --resume},
 * so a resumed run continues with exactly the same configuration.
 *
 * @param name model name written into the exported metadata, e.g. {@code mnasnet0_5-fashion-mnist}
 * @param width width multiplier of MnasNet-B1
 * @param imageSize side of the square network input (32 for Fashion-MNIST, 224 for ImageNet)
 * @param recipe optimisation hyper-parameters, including the seed
 * @param dataset where the training and validation samples come from
 * @param initFrom pretrained weights to start from (SavedModel directory or torchvision {@code
 *     .safetensors} file), or null to start from a random initialisation
 * @param logEverySteps write a step record (log, TensorBoard) every this many steps
 * @param threads TensorFlow intra/inter-op threads (0 = one per core); part of the run because the
 *     way CPU kernels split work, and so the last bits of every sum, depends on it
 * @param command the command line that started the run, for the record (may be empty)
 * @param replication data-parallel replicas and their BatchNorm ({@link Replication#SINGLE} when
 *     absent, as in runs written before it existed)
 */
public record TrainingRun(
    String name,
    double width,
    int imageSize,
    TrainingRecipe recipe,
    DatasetSpec dataset,
    Path initFrom,
    int logEverySteps,
    int threads,
    List<String> command,
    Replication replication) {

  /** Default step-record interval. */
  public static final int DEFAULT_LOG_EVERY_STEPS = 50;

  public TrainingRun {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the run needs a model name");
    }
    if (recipe == null || dataset == null) {
      throw new IllegalArgumentException("the run needs a recipe and a dataset");
    }
    // validates width and image size the way the model does
    MnasNetConfig.of(width, 1, imageSize);
    if (logEverySteps < 1) {
      throw new IllegalArgumentException("logEverySteps must be >= 1, got " + logEverySteps);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = one per core), got " + threads);
    }
    command = command == null ? List.of() : List.copyOf(command);
    replication = replication == null ? Replication.SINGLE : replication;
    replication.checkBatchSize(recipe.batchSize());
    if (replication.replicas() > 1 && recipe.trainOnly() == TrainableLayers.CLASSIFIER) {
      throw new IllegalArgumentException(
          "--train-only classifier trains one dense layer on a frozen backbone; use one replica");
    }
  }

  /** A run on one replica. */
  public TrainingRun(
      String name,
      double width,
      int imageSize,
      TrainingRecipe recipe,
      DatasetSpec dataset,
      Path initFrom,
      int logEverySteps,
      int threads,
      List<String> command) {
    this(
        name,
        width,
        imageSize,
        recipe,
        dataset,
        initFrom,
        logEverySteps,
        threads,
        command,
        Replication.SINGLE);
  }

  /** The network configuration for {@code numClasses} classes under this run's recipe. */
  public MnasNetConfig modelConfig(int numClasses) {
    return MnasNetConfig.of(width, numClasses, imageSize)
        .withDropout(recipe.dropout())
        .withBatchNormMomentum(recipe.batchNormMomentum());
  }
}
