package io.mnasnet.trainer.training;

import java.util.Arrays;

/**
 * Every hyper-parameter of a training run, validated once when the recipe is built.
 *
 * <p>{@link #builder()} starts from defaults meant for a short CPU run on Fashion-MNIST (tens of
 * epochs); {@link #mnasNetTpuImageNet(int)} is the reference ImageNet recipe of the MnasNet paper's
 * TPU implementation. Conventions:
 *
 * <ul>
 *   <li>{@code weightDecay} is an L2 penalty on convolution and dense <em>kernels</em> only; it is
 *       never applied to BatchNorm gamma/beta or to biases (decaying BatchNorm scales fights the
 *       normalisation and costs accuracy on small networks).
 *   <li>{@code batchNormMomentum} uses PyTorch's convention: the weight of the current batch in the
 *       moving statistics, {@code moving = (1 - m) * moving + m * batch}. TensorFlow's {@code
 *       momentum}/decay is {@link #batchNormDecay()} = {@code 1 - m}.
 *   <li>{@code emaDecay} of {@link #EMA_DISABLED} (0) turns the exponential moving average of the
 *       weights off.
 * </ul>
 *
 * @param optimizer SGD with Nesterov momentum or RMSProp
 * @param learningRate peak (or base) learning rate of the schedule, > 0
 * @param schedule how the learning rate evolves, see {@link #schedule(long)}
 * @param warmupEpochs linear warmup length for {@link ScheduleKind#COSINE} and {@link
 *     ScheduleKind#EXPONENTIAL}, >= 0 and < epochs
 * @param momentum SGD or RMSProp momentum, in [0, 1)
 * @param rmsPropDecay RMSProp's discount of the squared-gradient average, in [0, 1)
 * @param rmsPropEpsilon RMSProp's denominator epsilon, > 0
 * @param weightDecay L2 coefficient on kernels, in [0, 0.1]
 * @param labelSmoothing label smoothing of the cross-entropy, in [0, 1)
 * @param dropout dropout rate before the classifier, in [0, 1)
 * @param batchNormMomentum PyTorch-convention BatchNorm momentum, in (0, 1]
 * @param emaDecay decay of the weights' moving average, 0 (off) or in (0, 1)
 * @param batchSize images per step, >= 1
 * @param epochs passes over the training set, >= 1
 * @param seed seed of initialisation, shuffling and augmentation
 * @param trainOnly which layers are trained: all, or the classifier only (a run.json written before
 *     this field existed trains all)
 */
public record TrainingRecipe(
    OptimizerKind optimizer,
    double learningRate,
    ScheduleKind schedule,
    double warmupEpochs,
    double momentum,
    double rmsPropDecay,
    double rmsPropEpsilon,
    double weightDecay,
    double labelSmoothing,
    double dropout,
    double batchNormMomentum,
    double emaDecay,
    int batchSize,
    int epochs,
    long seed,
    TrainableLayers trainOnly) {

  /** Default optimizer: SGD with Nesterov momentum, robust for short runs. */
  public static final OptimizerKind DEFAULT_OPTIMIZER = OptimizerKind.SGD_NESTEROV;

  /** Default peak learning rate for SGD at {@link #DEFAULT_BATCH_SIZE}. */
  public static final double DEFAULT_LEARNING_RATE = 0.05;

  /** Default schedule: cosine to zero after a short warmup. */
  public static final ScheduleKind DEFAULT_SCHEDULE = ScheduleKind.COSINE;

  /** Default warmup, in epochs. */
  public static final double DEFAULT_WARMUP_EPOCHS = 1;

  /** Default momentum (SGD and RMSProp). */
  public static final double DEFAULT_MOMENTUM = 0.9;

  /** RMSProp squared-gradient decay of the TPU MnasNet recipe. */
  public static final double DEFAULT_RMSPROP_DECAY = 0.9;

  /** RMSProp epsilon of the TPU MnasNet recipe (much larger than Keras' 1e-7, for stability). */
  public static final double DEFAULT_RMSPROP_EPSILON = 1e-3;

  /** Default L2 on kernels: torchvision's MNASNet training recipe. */
  public static final double DEFAULT_WEIGHT_DECAY = 4e-5;

  /** Default label smoothing (both reference recipes). */
  public static final double DEFAULT_LABEL_SMOOTHING = 0.1;

  /** Default dropout before the classifier (MnasNet's). */
  public static final double DEFAULT_DROPOUT = 0.2;

  /**
   * Default BatchNorm momentum (PyTorch convention): 0.1, i.e. the moving statistics average
   * roughly the last 10 batches.
   *
   * <p>Why not torchvision MNASNet's 3e-4 (= 1 - 0.9997)? That value is tuned for 350-epoch
   * ImageNet runs with ~440k steps. The initial moving statistics (mean 0, variance 1) keep a
   * weight of {@code (1 - m)^steps}: with 3e-4 that is 0.87 after one Fashion-MNIST epoch (469
   * steps of 128) and still 0.05 after ten epochs, so evaluation normalises with statistics that
   * are mostly the initial ones and accuracy collapses to chance even though training accuracy is
   * good. With 0.1 the initial values weigh 0.5% after 50 steps, so even a smoke-test run evaluates
   * correctly; the price is a slightly noisier estimate (about 10 batches, i.e. ~1,300 images),
   * which costs nothing measurable at this batch size. The TPU ImageNet recipe uses 0.01.
   */
  public static final double DEFAULT_BATCH_NORM_MOMENTUM = 0.1;

  /** {@code emaDecay} value meaning "no moving average of the weights". */
  public static final double EMA_DISABLED = 0;

  /** Default batch size, fits a CPU and 2-3 GB of heap at 32x32. */
  public static final int DEFAULT_BATCH_SIZE = 128;

  /** Default number of epochs for Fashion-MNIST. */
  public static final int DEFAULT_EPOCHS = 30;

  /** Default seed. */
  public static final long DEFAULT_SEED = 42;

  /** Gamma of {@link ScheduleKind#STEP}: halve the rate. */
  public static final double STEP_DECAY_GAMMA = 0.5;

  /** Period of {@link ScheduleKind#STEP}, in epochs. */
  public static final int STEP_DECAY_EPOCHS = 20;

  /** Validates every field; the message names the field and the accepted range. */
  public TrainingRecipe {
    if (trainOnly == null) {
      trainOnly = TrainableLayers.ALL;
    }
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer must be set (SGD_NESTEROV or RMSPROP)");
    }
    if (schedule == null) {
      throw new IllegalArgumentException(
          "schedule must be set, one of " + Arrays.toString(ScheduleKind.values()));
    }
    requireIn("learningRate", learningRate, 0, false, 10, true);
    requireIn("momentum", momentum, 0, true, 1, false);
    requireIn("rmsPropDecay", rmsPropDecay, 0, true, 1, false);
    requireIn("rmsPropEpsilon", rmsPropEpsilon, 0, false, 1, true);
    requireIn("weightDecay", weightDecay, 0, true, 0.1, true);
    requireIn("labelSmoothing", labelSmoothing, 0, true, 1, false);
    requireIn("dropout", dropout, 0, true, 1, false);
    requireIn("batchNormMomentum", batchNormMomentum, 0, false, 1, true);
    if (emaDecay != EMA_DISABLED) {
      requireIn("emaDecay", emaDecay, 0, false, 1, false);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    if (!(warmupEpochs >= 0) || warmupEpochs >= epochs) {
      throw new IllegalArgumentException(
          "warmupEpochs must be >= 0 and less than epochs (" + epochs + "), got " + warmupEpochs);
    }
  }

  /** A builder holding the Fashion-MNIST defaults ({@code DEFAULT_*} constants). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The ImageNet recipe of the TPU MnasNet implementation (tensorflow/tpu {@code
   * models/official/mnasnet}): RMSProp (decay 0.9, momentum 0.9, epsilon 1e-3), learning rate 0.016
   * per 256 images, x0.97 every 2.4 epochs after 5 warmup epochs, weight decay 1e-5, label
   * smoothing 0.1, dropout 0.2, BatchNorm momentum 0.01 (TF 0.99), weight EMA 0.9999, 350 epochs.
   */
  public static TrainingRecipe mnasNetTpuImageNet(int batchSize) {
    return builder()
        .optimizer(OptimizerKind.RMSPROP)
        .learningRate(ExponentialDecay.TPU_BASE_LEARNING_RATE_PER_256 * batchSize / 256.0)
        .schedule(ScheduleKind.EXPONENTIAL)
        .warmupEpochs(ExponentialDecay.TPU_WARMUP_EPOCHS)
        .momentum(0.9)
        .weightDecay(1e-5)
        .batchNormMomentum(0.01)
        .emaDecay(0.9999)
        .batchSize(batchSize)
        .epochs(350)
        .build();
  }

  /** A builder initialised with this recipe's values, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** TensorFlow-convention BatchNorm momentum (decay of the moving statistics). */
  public double batchNormDecay() {
    return 1 - batchNormMomentum;
  }

  /** Whether an exponential moving average of the weights is kept for evaluation/export. */
  public boolean usesEma() {
    return emaDecay != EMA_DISABLED;
  }

  /** Number of optimisation steps in one epoch of {@code trainingImages} (last batch dropped). */
  public long stepsPerEpoch(long trainingImages) {
    long steps = trainingImages / batchSize;
    if (steps < 1) {
      throw new IllegalArgumentException(
          "the training set ("
              + trainingImages
              + " images) is smaller than one batch ("
              + batchSize
              + "); lower batchSize");
    }
    return steps;
  }

  /** Builds this recipe's learning-rate schedule for the given number of steps per epoch. */
  public LearningRateSchedule schedule(long stepsPerEpoch) {
    Schedules.requireAtLeastOne("stepsPerEpoch", stepsPerEpoch);
    long warmupSteps = Math.round(warmupEpochs * stepsPerEpoch);
    return switch (schedule) {
      case STEP -> new StepDecay(learningRate, STEP_DECAY_GAMMA, STEP_DECAY_EPOCHS, stepsPerEpoch);
      case COSINE -> new CosineWithWarmup(learningRate, 0, warmupSteps, epochs * stepsPerEpoch);
      case EXPONENTIAL ->
          new ExponentialDecay(
              learningRate,
              ExponentialDecay.TPU_DECAY_RATE,
              Math.max(1, (long) (ExponentialDecay.TPU_DECAY_EPOCHS * stepsPerEpoch)),
              true,
              warmupSteps);
      case ONE_CYCLE -> new OneCycle(learningRate, Math.max(2, epochs * stepsPerEpoch));
    };
  }

  private static void requireIn(
      String name,
      double value,
      double low,
      boolean lowInclusive,
      double high,
      boolean highInclusive) {
    boolean aboveLow = lowInclusive ? value >= low : value > low;
    boolean belowHigh = highInclusive ? value <= high : value < high;
    if (!(aboveLow && belowHigh)) {
      throw new IllegalArgumentException(
          name
              + " must be in "
              + (lowInclusive ? "[" : "(")
              + low
              + ", "
              + high
              + (highInclusive ? "]" : ")")
              + ", got "
              + value);
    }
  }

  /** Mutable builder of {@link TrainingRecipe}; {@link #build()} validates. */
  public static final class Builder {
    private OptimizerKind optimizer = DEFAULT_OPTIMIZER;
    private double learningRate = DEFAULT_LEARNING_RATE;
    private ScheduleKind schedule = DEFAULT_SCHEDULE;
    private double warmupEpochs = DEFAULT_WARMUP_EPOCHS;
    private double momentum = DEFAULT_MOMENTUM;
    private double rmsPropDecay = DEFAULT_RMSPROP_DECAY;
    private double rmsPropEpsilon = DEFAULT_RMSPROP_EPSILON;
    private double weightDecay = DEFAULT_WEIGHT_DECAY;
    private double labelSmoothing = DEFAULT_LABEL_SMOOTHING;
    private double dropout = DEFAULT_DROPOUT;
    private double batchNormMomentum = DEFAULT_BATCH_NORM_MOMENTUM;
    private double emaDecay = EMA_DISABLED;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int epochs = DEFAULT_EPOCHS;
    private long seed = DEFAULT_SEED;
    private TrainableLayers trainOnly = TrainableLayers.ALL;

    private Builder() {}

    private Builder(TrainingRecipe r) {
      optimizer = r.optimizer;
      learningRate = r.learningRate;
      schedule = r.schedule;
      warmupEpochs = r.warmupEpochs;
      momentum = r.momentum;
      rmsPropDecay = r.rmsPropDecay;
      rmsPropEpsilon = r.rmsPropEpsilon;
      weightDecay = r.weightDecay;
      labelSmoothing = r.labelSmoothing;
      dropout = r.dropout;
      batchNormMomentum = r.batchNormMomentum;
      emaDecay = r.emaDecay;
      batchSize = r.batchSize;
      epochs = r.epochs;
      seed = r.seed;
      trainOnly = r.trainOnly;
    }

    public Builder optimizer(OptimizerKind value) {
      optimizer = value;
      return this;
    }

    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    public Builder schedule(ScheduleKind value) {
      schedule = value;
      return this;
    }

    public Builder warmupEpochs(double value) {
      warmupEpochs = value;
      return this;
    }

    /**
     * Shortens a warmup that would not end before training does to half of the epochs (a recipe's
     * default warmup of 1 or 5 epochs in a 1-epoch run); a shorter warmup is kept.
     */
    public Builder fitWarmupInto(int runEpochs) {
      if (warmupEpochs >= runEpochs) {
        warmupEpochs = runEpochs / 2.0;
      }
      return this;
    }

    public Builder momentum(double value) {
      momentum = value;
      return this;
    }

    public Builder rmsPropDecay(double value) {
      rmsPropDecay = value;
      return this;
    }

    public Builder rmsPropEpsilon(double value) {
      rmsPropEpsilon = value;
      return this;
    }

    public Builder weightDecay(double value) {
      weightDecay = value;
      return this;
    }

    public Builder labelSmoothing(double value) {
      labelSmoothing = value;
      return this;
    }

    public Builder dropout(double value) {
      dropout = value;
      return this;
    }

    public Builder batchNormMomentum(double value) {
      batchNormMomentum = value;
      return this;
    }

    public Builder emaDecay(double value) {
      emaDecay = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder trainOnly(TrainableLayers value) {
      trainOnly = value;
      return this;
    }

    /** Validates and returns the recipe. */
    public TrainingRecipe build() {
      return new TrainingRecipe(
          optimizer,
          learningRate,
          schedule,
          warmupEpochs,
          momentum,
          rmsPropDecay,
          rmsPropEpsilon,
          weightDecay,
          labelSmoothing,
          dropout,
          batchNormMomentum,
          emaDecay,
          batchSize,
          epochs,
          seed,
          trainOnly);
    }
  }
}
