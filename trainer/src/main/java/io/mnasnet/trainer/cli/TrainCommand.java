package io.mnasnet.trainer.cli;

import io.mnasnet.inference.engine.EngineChoice;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.data.ClassFolderMatch;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.promote.CandidateRun;
import io.mnasnet.trainer.promote.HeldOutEvaluation;
import io.mnasnet.trainer.promote.PromotionGate;
import io.mnasnet.trainer.promote.PromotionResult;
import io.mnasnet.trainer.snapshot.ClassLabels;
import io.mnasnet.trainer.snapshot.SnapshotCache;
import io.mnasnet.trainer.snapshot.SnapshotLog;
import io.mnasnet.trainer.snapshot.SnapshotManifest;
import io.mnasnet.trainer.snapshot.SnapshotRequest;
import io.mnasnet.trainer.snapshot.StreamSnapshotSource;
import io.mnasnet.trainer.training.DatasetKind;
import io.mnasnet.trainer.training.DatasetSpec;
import io.mnasnet.trainer.training.OptimizerKind;
import io.mnasnet.trainer.training.Replication;
import io.mnasnet.trainer.training.RunDirectory;
import io.mnasnet.trainer.training.ScheduleKind;
import io.mnasnet.trainer.training.TrainableLayers;
import io.mnasnet.trainer.training.Trainer;
import io.mnasnet.trainer.training.TrainingData;
import io.mnasnet.trainer.training.TrainingRecipe;
import io.mnasnet.trainer.training.TrainingRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mnasnet train}: trains MnasNet-B1 on Fashion-MNIST, an image folder tree or a bounded
 * snapshot of a stream (the {@link StreamSnapshotSource} the launcher supplies: Kafka topics with
 * {@code --from-kafka}) into a run directory (log, TensorBoard events, plots, checkpoints, best
 * model), or resumes a run; {@code --promote-to} then runs the {@link PromotionGate}. Reads the
 * dataset or the topics; writes the run directory and, when the gate promotes, a new version of the
 * model directory; needs TensorFlow's native library (CPU or GPU build).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Train MnasNet-B1 (torchvision's MNASNet) with TensorFlow and write a run directory:"
          + " run.json (the configuration), log.jsonl (a step record every --log-every steps and"
          + " an epoch record: loss, learning rate, top-1, top-5, images/s, data-wait fraction),"
          + " TensorBoard event files (tensorboard --logdir RUN_DIR), loss/accuracy/learning-rate"
          + " PNG plots redrawn every epoch, checkpoints/ (every epoch and on Ctrl-C), best/ (the"
          + " best epoch by validation top-1) and model/ (it as a SavedModel with mnasnet.json,"
          + " once the exporter is available).",
      "",
      "Data: Fashion-MNIST IDX files (trained on the 60,000 training images, validated on the"
          + " 10,000 test images, 28x28 padded to 32x32, grey replicated to RGB, random crop and"
          + " flip), or an image folder tree (train/<class>/*.jpg + val/<class>/*.jpg, or"
          + " <class>/*.jpg with --val-fraction held out; random-resized crop and flip, ImageNet"
          + " normalisation). Batches are decoded and augmented by --workers threads ahead of the"
          + " model.",
      "",
      "Labels of an image folder: the folder names; or, with --init-from a model or run whose"
          + " labels every class folder matches, that model's labels in its order (a fine-tuned"
          + " Fashion-MNIST model keeps T-shirt/top). "
          + ClassFolderMatch.HELP,
      "",
      "Ctrl-C stops at the next step and saves a checkpoint; --resume RUN_DIR continues exactly"
          + " where the run stopped (same data order, dropout masks and losses as an"
          + " uninterrupted run, given the same --threads).",
      "",
      "Fine-tuning: --init-from a model directory starts from its newest version, with its width,"
          + " input size, preprocessing and classes (--labels for a new list: shared classes keep"
          + " their classifier rows); --train-only classifier trains a linear probe on frozen"
          + " features. --promote-to DIR then scores the best epoch and the version DIR serves on"
          + " the run's held-out images and writes the next version only when it is not worse"
          + " (see bin/mnasnet promote --help); exit code 0 promoted, 3 refused.",
    },
    footer = {
      "",
      "Examples:",
      "  bin/mnasnet train --width 0.5 --epochs 20 --lr 0.1 --schedule one-cycle --run-dir"
          + " runs/fmnist",
      "  bin/mnasnet train --resume runs/fmnist",
      "  bin/mnasnet train --dataset imagefolder --data-dir ~/data/flowers --init-from"
          + " mnasnet1_0.safetensors --epochs 10 --lr 0.01",
      "  bin/mnasnet train --from-kafka images-in --init-from models/fashion-mnist/mnasnet0_5"
          + " --epochs 5 --lr 0.01 --promote-to models/fashion-mnist/mnasnet0_5",
      "",
      "GPU: --device gpu needs the GPU build of TensorFlow's native library (mvn -Pgpu package),"
          + " an NVIDIA driver and CUDA 12 + cuDNN 9 on the library path. --device auto uses a GPU"
          + " when TensorFlow sees one.",
      "Determinism: on the CPU a run is reproducible bit for bit given --seed and --threads"
          + " (TensorFlow splits sums by thread count). For speed, run through bin/mnasnet, which"
          + " preloads jemalloc and turns oneDNN off."
    })
public final class TrainCommand implements Callable<Integer> {

  private static final Path DEFAULT_RUNS = Path.of("runs");

  @Spec private CommandSpec spec;

  private final StreamSnapshotSource stream;

  /** The train command of the trainer alone: files only. */
  public TrainCommand() {
    this(StreamSnapshotSource.NONE);
  }

  /**
   * The train command that can also learn from {@code stream}; the launcher adds the stream's
   * options to this command as a picocli mixin.
   */
  public TrainCommand(StreamSnapshotSource stream) {
    this.stream = stream;
  }

  // ---- run ----

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      description =
          "Run directory to create (default: runs/<name>-<date>-<time>). Must not hold a run"
              + " yet.")
  private Path runDir;

  @Option(
      names = "--resume",
      paramLabel = "RUN_DIR",
      description =
          "Continue the run in RUN_DIR from its newest checkpoint, with its saved configuration."
              + " Only --device, --workers, --prefetch and --eval-batch-size may be given with it.")
  private Path resume;

  @Option(
      names = "--init-from",
      paramLabel = "PATH",
      description =
          "Start from pretrained weights: a model directory (its newest version, e.g."
              + " models/fashion-mnist/mnasnet0_5; its width and input size are the defaults), an"
              + " exported SavedModel directory, a torchvision state_dict as .safetensors, or an"
              + " earlier run directory (its best epoch). Another label list re-arranges the"
              + " classifier by class name; new classes start at zero.")
  private Path initFrom;

  @Option(
      names = "--train-only",
      paramLabel = "LAYERS",
      converter = TrainableLayersConverter.class,
      description =
          "all (fine-tune every layer) or classifier (a linear probe: the backbone and its"
              + " BatchNorm statistics stay as initialised; faster steps). Default: all.")
  private TrainableLayers trainOnly;

  @Option(
      names = "--labels",
      paramLabel = "NAME",
      split = ",",
      description =
          "With a stream (--from-kafka): the class names, index = class; a record's label is one"
              + " of them or an index. Default: the --init-from model's classes, else the distinct"
              + " labels of the snapshot.")
  private List<String> labels;

  @Option(
      names = "--promote-to",
      paramLabel = "DIR",
      description =
          "After training, run the promotion gate against the model directory DIR (see"
              + " bin/mnasnet promote): write the best epoch as DIR's next version only if its"
              + " top-1 on the run's held-out images is not worse than the served version's by"
              + " more than --max-regression. Exit code 0 promoted, 3 refused.")
  private Path promoteTo;

  @Option(
      names = "--max-regression",
      paramLabel = "POINTS",
      defaultValue = "" + PromotionGate.Settings.DEFAULT_MAX_REGRESSION_POINTS,
      description =
          "With --promote-to: top-1 percentage points the candidate may lose against the served"
              + " version and still be promoted (default: ${DEFAULT-VALUE}: not worse).")
  private double maxRegression;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Model name in the exported metadata (default: mnasnet<width>-<dataset>).")
  private String name;

  // ---- data ----

  @Option(
      names = "--dataset",
      paramLabel = "KIND",
      converter = DatasetKindConverter.class,
      defaultValue = "fashion-mnist",
      description = "fashion-mnist or imagefolder (default: ${DEFAULT-VALUE}).")
  private DatasetKind dataset;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Fashion-MNIST IDX directory (default: "
              + "/usr/share/datasets/fashion-mnist/, from apt-get install"
              + " dataset-fashion-mnist), or the root of the image folder tree (required).")
  private Path dataDir;

  @Option(
      names = "--train-limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Train on only N images (0 = all; default: ${DEFAULT-VALUE}).")
  private int trainLimit;

  @Option(
      names = "--val-limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Validate on only N images (0 = all; default: ${DEFAULT-VALUE}).")
  private int validationLimit;

  @Option(
      names = "--val-fraction",
      paramLabel = "F",
      defaultValue = "0.1",
      description =
          "Share held out for validation: of an image folder without train/ and val/, or of a"
              + " stream's records by a hash of their key, so a record stays in its split on"
              + " every read and retrain (default: ${DEFAULT-VALUE}).")
  private double validationFraction;

  // ---- model ----

  @Option(
      names = "--width",
      paramLabel = "W",
      defaultValue = "1.0",
      description = "Width multiplier: 0.5, 0.75, 1.0, 1.3, ... (default: ${DEFAULT-VALUE}).")
  private double width;

  @Option(
      names = "--image-size",
      paramLabel = "PIXELS",
      description = "Network input side (default: 32 for Fashion-MNIST, 224 for image folders).")
  private Integer imageSize;

  // ---- recipe ----

  @Option(
      names = "--recipe",
      paramLabel = "BASE",
      defaultValue = "default",
      description =
          "Starting point for the options below: default (SGD + Nesterov, cosine, tuned for"
              + " short CPU runs) or tpu-imagenet (the MnasNet paper's TPU recipe: RMSProp, lr"
              + " 0.016 per 256 images, x0.97 every 2.4 epochs, BatchNorm momentum 0.01, weight"
              + " EMA 0.9999, 350 epochs). Default: ${DEFAULT-VALUE}.")
  private String baseRecipe;

  @Option(
      names = "--optimizer",
      paramLabel = "NAME",
      converter = OptimizerConverter.class,
      description = "sgd (momentum with Nesterov) or rmsprop (default: sgd).")
  private OptimizerKind optimizer;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      description = "Peak learning rate (default: " + TrainingRecipe.DEFAULT_LEARNING_RATE + ").")
  private Double learningRate;

  @Option(
      names = "--schedule",
      paramLabel = "NAME",
      converter = ScheduleConverter.class,
      description =
          "cosine (linear warmup then cosine to 0), one-cycle, step (x0.5 every 20 epochs) or"
              + " exponential (x0.97 every 2.4 epochs after warmup) (default: cosine).")
  private ScheduleKind schedule;

  @Option(
      names = "--warmup-epochs",
      paramLabel = "E",
      description =
          "Linear warmup for cosine/exponential (default: "
              + TrainingRecipe.DEFAULT_WARMUP_EPOCHS
              + ", or half of --epochs when that is shorter).")
  private Double warmupEpochs;

  @Option(
      names = "--momentum",
      paramLabel = "M",
      description = "SGD/RMSProp momentum (default: " + TrainingRecipe.DEFAULT_MOMENTUM + ").")
  private Double momentum;

  @Option(
      names = "--rmsprop-decay",
      paramLabel = "D",
      description =
          "RMSProp squared-gradient decay (default: " + TrainingRecipe.DEFAULT_RMSPROP_DECAY + ").")
  private Double rmsPropDecay;

  @Option(
      names = "--rmsprop-epsilon",
      paramLabel = "EPS",
      description = "RMSProp epsilon (default: " + TrainingRecipe.DEFAULT_RMSPROP_EPSILON + ").")
  private Double rmsPropEpsilon;

  @Option(
      names = "--weight-decay",
      paramLabel = "L2",
      description =
          "L2 on convolution and dense kernels, never on BatchNorm or biases (default: "
              + TrainingRecipe.DEFAULT_WEIGHT_DECAY
              + ").")
  private Double weightDecay;

  @Option(
      names = "--label-smoothing",
      paramLabel = "EPS",
      description = "Label smoothing (default: " + TrainingRecipe.DEFAULT_LABEL_SMOOTHING + ").")
  private Double labelSmoothing;

  @Option(
      names = "--dropout",
      paramLabel = "RATE",
      description =
          "Dropout before the classifier (default: " + TrainingRecipe.DEFAULT_DROPOUT + ").")
  private Double dropout;

  @Option(
      names = "--bn-momentum",
      paramLabel = "M",
      description =
          "BatchNorm momentum, PyTorch convention: moving = (1-M) moving + M batch (default: "
              + TrainingRecipe.DEFAULT_BATCH_NORM_MOMENTUM
              + "; torchvision's 3e-4 is for 350-epoch runs and leaves short runs' moving"
              + " statistics at their initial values).")
  private Double batchNormMomentum;

  @Option(
      names = "--ema-decay",
      paramLabel = "D",
      description =
          "Keep an exponential moving average of the weights with this decay and evaluate/export"
              + " it; 0 = off (default: 0).")
  private Double emaDecay;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Images per step (default: " + TrainingRecipe.DEFAULT_BATCH_SIZE + ").")
  private Integer batchSize;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description =
          "Passes over the training set (default: " + TrainingRecipe.DEFAULT_EPOCHS + ").")
  private Integer epochs;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Seed of initialisation, data order, augmentation and dropout (default: "
              + TrainingRecipe.DEFAULT_SEED
              + ").")
  private Long seed;

  // ---- logging and execution ----

  @Option(
      names = "--log-every",
      paramLabel = "STEPS",
      defaultValue = "" + TrainingRun.DEFAULT_LOG_EVERY_STEPS,
      description = "Step record interval (default: ${DEFAULT-VALUE}).")
  private int logEvery;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "TensorFlow intra/inter-op threads, 0 = one per core (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(
      names = "--replicas",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Data-parallel replicas, each on its own device and a 1/N share of every batch:"
              + " GPUs 0..N-1 (choose them with CUDA_VISIBLE_DEVICES), or on a CPU a share of"
              + " the cores each; gradients are averaged before one optimizer step"
              + " (default: ${DEFAULT-VALUE}). --batch-size is the global batch, a multiple of N.")
  private int replicas;

  @Option(
      names = "--sync-batch-norm",
      description =
          "With --replicas: BatchNorm normalises with the statistics of the whole batch (all"
              + " replicas), as one replica would; default: each replica's own part, as PyTorch's"
              + " DataParallel.")
  private boolean syncBatchNorm;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      converter = DeviceConverter.class,
      defaultValue = "auto",
      description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
  private Device device;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "" + Trainer.Options.DEFAULT_WORKERS,
      description = "Threads decoding and augmenting images (default: ${DEFAULT-VALUE}).")
  private int workers;

  @Option(
      names = "--prefetch",
      paramLabel = "N",
      defaultValue = "" + Trainer.Options.DEFAULT_PREFETCH,
      description = "Batches prepared ahead of the model (default: ${DEFAULT-VALUE}).")
  private int prefetch;

  @Option(
      names = "--eval-batch-size",
      paramLabel = "N",
      defaultValue = "250",
      description = "Batch size of the validation passes (default: ${DEFAULT-VALUE}).")
  private int evalBatchSize;

  @Option(names = "--quiet", description = "No progress bar or per-epoch lines.")
  private boolean quiet;

  @Override
  public Integer call() {
    PrintStream console = quiet ? null : System.out;
    Trainer.Options options =
        new Trainer.Options(
            device,
            workers,
            prefetch,
            evalBatchSize,
            console,
            TrainerExports.bestModelExporter(),
            null);
    Trainer trainer;
    RunDirectory target;
    try {
      if (labels != null && !stream.requested() && resume == null) {
        throw new ParameterException(
            spec.commandLine(), "--labels names the classes of a stream; add --from-kafka TOPIC");
      }
      if (resume != null) {
        rejectRecipeOptionsWithResume();
        target = new RunDirectory(resume);
        trainer = Trainer.resume(target, options);
      } else if (stream.requested()) {
        trainer = streamRun(options);
        target = trainer.directory();
      } else {
        TrainingRun run = newRun();
        Path directory = runDir != null ? runDir : defaultRunDirectory(run.name());
        target = new RunDirectory(directory);
        if (target.exists()) {
          throw new ParameterException(
              spec.commandLine(),
              directory + " already holds a run; continue it with --resume " + directory);
        }
        trainer = new Trainer(target, run, options);
        System.out.println("Run directory: " + directory);
      }
      int exit = runWithCtrlC(trainer);
      if (exit == 0 && promoteTo != null) {
        exit = promote(target);
      }
      if (exit == 0 && resume == null && stream.requested()) {
        stream.runSucceeded(
            SnapshotCache.readManifest(target.root().resolve(SnapshotCache.DIRECTORY)), System.out);
      }
      return exit;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("mnasnet train: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
  }

  /**
   * Reads the stream's bounded snapshot into a new run directory's cache and returns the run that
   * trains on it. Nothing is left behind when the read fails: the run directory is removed if this
   * call created it, else the partial cache.
   */
  private Trainer streamRun(Trainer.Options options) throws IOException {
    rejectFileDataOptions();
    Path init = resolvedInitFrom();
    ModelMetadata parent =
        init != null && ModelDirectory.isSavedModel(init) ? ModelMetadataFile.read(init) : null;
    ModelMetadata.Preprocessing preprocessing =
        parent != null ? parent.preprocessing() : defaultStreamPreprocessing();
    if (imageSize != null && imageSize != preprocessing.imageSize()) {
      throw new ParameterException(
          spec.commandLine(),
          "--image-size "
              + imageSize
              + " differs from the "
              + preprocessing.imageSize()
              + " of the --init-from model "
              + init);
    }
    ClassLabels classes =
        labels != null
            ? ClassLabels.of(labels)
            : parent != null ? ClassLabels.of(parent.labels()) : ClassLabels.fromData();
    double modelWidth = given("--width") || parent == null ? width : parent.width();
    String modelName =
        name != null
            ? name
            : parent != null
                ? parent.name()
                : "mnasnet" + formatWidth(modelWidth) + "-" + stream.name();
    Path directory = runDir != null ? runDir : defaultRunDirectory(modelName);
    RunDirectory target = new RunDirectory(directory);
    if (target.exists()) {
      throw new ParameterException(
          spec.commandLine(),
          directory + " already holds a run; continue it with --resume " + directory);
    }
    boolean created = !Files.exists(directory);
    Path cache = directory.resolve(SnapshotCache.DIRECTORY);
    deleteRecursively(cache); // what a read that was killed left
    System.out.println("Run directory: " + directory);
    try {
      SnapshotManifest manifest =
          stream.read(
              new SnapshotRequest(cache, preprocessing, classes, validationFraction), System.out);
      SnapshotLog.append(directory, manifest);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(created ? directory : cache);
      throw e;
    }
    TrainingRun run =
        new TrainingRun(
            modelName,
            modelWidth,
            preprocessing.imageSize(),
            recipe(),
            new DatasetSpec(DatasetKind.STREAM_SNAPSHOT, cache, 0, 0, validationFraction),
            init,
            logEvery,
            threads,
            commandLine(),
            new Replication(replicas, syncBatchNorm));
    return new Trainer(target, run, options);
  }

  /**
   * A stream's preprocessing without a model to take it from: Fashion-MNIST's at 32x32 (pad, its
   * statistics), ImageNet's otherwise (resize and centre crop at --image-size, default 224).
   */
  private ModelMetadata.Preprocessing defaultStreamPreprocessing() {
    int size = imageSize != null ? imageSize : 224;
    return size == 32
        ? TrainingData.fashionMnistPreprocessing()
        : TrainingData.imageNetPreprocessing(size);
  }

  /** The data options of files, which a stream run does not take. */
  private void rejectFileDataOptions() {
    List<String> given = new ArrayList<>();
    for (String option : List.of("--dataset", "--data-dir", "--train-limit", "--val-limit")) {
      if (given(option)) {
        given.add(option);
      }
    }
    if (!given.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "a stream run reads its images from the topics; drop " + String.join(", ", given));
    }
  }

  /**
   * {@code --init-from} with a model directory resolved to its newest version (what the app
   * serves); any other form as given.
   */
  private Path resolvedInitFrom() {
    if (initFrom == null || ModelDirectory.isSavedModel(initFrom)) {
      return initFrom;
    }
    return new ModelDirectory(initFrom)
        .newest()
        .map(ModelDirectory.Version::directory)
        .orElse(initFrom);
  }

  /** The promotion gate after a finished run: exit code 0 promoted, 3 refused. */
  private int promote(RunDirectory run) throws IOException {
    CandidateRun candidate = CandidateRun.open(run.root());
    System.out.println("Promotion gate: the best epoch of " + run + " against " + promoteTo);
    PromotionResult result =
        new PromotionGate(
                new PromotionGate.Settings(
                    maxRegression, false, EngineChoice.AUTO, HeldOutEvaluation.DEFAULT_BATCH_SIZE),
                new RuntimeOptions(device, 0, 0, RuntimeOptions.AUTO_SHARDS).resolve(),
                System.out)
            .run(
                candidate.model(),
                candidate.trainingFiles(),
                new ModelDirectory(promoteTo),
                candidate.heldOut());
    return result.exitCode();
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** Runs the trainer; Ctrl-C asks it to stop at the next step and waits for its checkpoint. */
  private static int runWithCtrlC(Trainer trainer) throws IOException {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              trainer.requestStop();
              try {
                // the loop finishes its step and writes the checkpoint, then counts down
                finished.await(10, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "train-stop-on-ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Trainer.Summary summary = trainer.train();
      return summary.outcome() == Trainer.Outcome.FINISHED ? 0 : 130;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: the JVM exits once it returns
      }
    }
  }

  private TrainingRun newRun() {
    TrainingRecipe recipe = recipe();
    Path data = dataDir;
    if (data == null) {
      if (dataset == DatasetKind.IMAGE_FOLDER) {
        throw new ParameterException(
            spec.commandLine(), "--dataset imagefolder needs --data-dir with the folder tree");
      }
      data = FashionMnist.DEFAULT_DIR;
    }
    DatasetSpec dataSpec =
        new DatasetSpec(dataset, data, trainLimit, validationLimit, validationFraction);
    int size = imageSize != null ? imageSize : dataset == DatasetKind.FASHION_MNIST ? 32 : 224;
    String modelName =
        name != null
            ? name
            : "mnasnet"
                + formatWidth(width)
                + "-"
                + (dataset == DatasetKind.FASHION_MNIST ? "fashion-mnist" : data.getFileName());
    Path init = resolvedInitFrom();
    double modelWidth = width;
    if (!given("--width") && init != null && ModelDirectory.isSavedModel(init)) {
      try {
        modelWidth = ModelMetadataFile.read(init).width(); // the model's width, unless told
      } catch (IOException e) {
        throw new IllegalArgumentException("--init-from " + init + ": " + e.getMessage(), e);
      }
    }
    return new TrainingRun(
        modelName,
        modelWidth,
        size,
        recipe,
        dataSpec,
        init,
        logEvery,
        threads,
        commandLine(),
        new Replication(replicas, syncBatchNorm));
  }

  TrainingRecipe recipe() {
    int batch = batchSize != null ? batchSize : TrainingRecipe.DEFAULT_BATCH_SIZE;
    TrainingRecipe.Builder b =
        switch (baseRecipe.toLowerCase(Locale.ROOT)) {
          case "default" -> TrainingRecipe.builder();
          case "tpu-imagenet" -> TrainingRecipe.mnasNetTpuImageNet(batch).toBuilder();
          default ->
              throw new ParameterException(
                  spec.commandLine(),
                  "--recipe must be default or tpu-imagenet, got " + baseRecipe);
        };
    if (optimizer != null) {
      b.optimizer(optimizer);
    }
    if (learningRate != null) {
      b.learningRate(learningRate);
    }
    if (schedule != null) {
      b.schedule(schedule);
    }
    if (warmupEpochs != null) {
      b.warmupEpochs(warmupEpochs);
    }
    if (momentum != null) {
      b.momentum(momentum);
    }
    if (rmsPropDecay != null) {
      b.rmsPropDecay(rmsPropDecay);
    }
    if (rmsPropEpsilon != null) {
      b.rmsPropEpsilon(rmsPropEpsilon);
    }
    if (weightDecay != null) {
      b.weightDecay(weightDecay);
    }
    if (labelSmoothing != null) {
      b.labelSmoothing(labelSmoothing);
    }
    if (dropout != null) {
      b.dropout(dropout);
    }
    if (batchNormMomentum != null) {
      b.batchNormMomentum(batchNormMomentum);
    }
    if (emaDecay != null) {
      b.emaDecay(emaDecay);
    }
    if (batchSize != null) {
      b.batchSize(batchSize);
    }
    if (epochs != null) {
      b.epochs(epochs);
      if (warmupEpochs == null) {
        b.fitWarmupInto(epochs); // shorten the recipe's warmup, never one the user gave
      }
    }
    if (seed != null) {
      b.seed(seed);
    }
    if (trainOnly != null) {
      b.trainOnly(trainOnly);
    }
    return b.build();
  }

  private void rejectRecipeOptionsWithResume() {
    List<String> given = new ArrayList<>();
    for (String option :
        List.of(
            "--run-dir",
            "--init-from",
            "--name",
            "--dataset",
            "--data-dir",
            "--train-limit",
            "--val-limit",
            "--val-fraction",
            "--width",
            "--image-size",
            "--recipe",
            "--optimizer",
            "--lr",
            "--schedule",
            "--warmup-epochs",
            "--momentum",
            "--rmsprop-decay",
            "--rmsprop-epsilon",
            "--weight-decay",
            "--label-smoothing",
            "--dropout",
            "--bn-momentum",
            "--ema-decay",
            "--batch-size",
            "--epochs",
            "--seed",
            "--log-every",
            "--threads",
            "--train-only",
            "--labels",
            "--replicas",
            "--sync-batch-norm")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        given.add(option);
      }
    }
    if (!given.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--resume continues the run with its saved configuration (run.json); these options"
              + " would change it: "
              + String.join(", ", given));
    }
  }

  /** {@code train <arguments>} as given, recorded in run.json. */
  private List<String> commandLine() {
    List<String> arguments = spec.commandLine().getParseResult().originalArgs();
    if (spec.parent() != null) {
      // run as a subcommand: the original arguments start with the parent's and our name
      int self = arguments.indexOf(spec.name());
      arguments = arguments.subList(self + 1, arguments.size());
    }
    List<String> words = new ArrayList<>();
    words.add(spec.name());
    words.addAll(arguments);
    return words;
  }

  private static Path defaultRunDirectory(String modelName) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return DEFAULT_RUNS.resolve(modelName + "-" + stamp);
  }

  private static String formatWidth(double width) {
    String text = Double.toString(width);
    return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text).replace('.', '_');
  }

  static final class DatasetKindConverter extends EnumNames.Converter<DatasetKind> {
    DatasetKindConverter() {
      super(DatasetKind.class);
    }

    @Override
    public DatasetKind convert(String value) {
      // "imagefolder" and "image-folder" both name IMAGE_FOLDER
      return "imagefolder".equalsIgnoreCase(value.trim())
          ? DatasetKind.IMAGE_FOLDER
          : super.convert(value);
    }
  }

  static final class OptimizerConverter extends EnumNames.Converter<OptimizerKind> {
    OptimizerConverter() {
      super(OptimizerKind.class);
    }

    @Override
    public OptimizerKind convert(String value) {
      return "sgd".equalsIgnoreCase(value.trim())
          ? OptimizerKind.SGD_NESTEROV
          : super.convert(value);
    }
  }

  static final class TrainableLayersConverter extends EnumNames.Converter<TrainableLayers> {
    TrainableLayersConverter() {
      super(TrainableLayers.class);
    }
  }

  static final class ScheduleConverter extends EnumNames.Converter<ScheduleKind> {
    ScheduleConverter() {
      super(ScheduleKind.class);
    }
  }

  static final class DeviceConverter extends EnumNames.Converter<Device> {
    DeviceConverter() {
      super(Device.class);
    }
  }
}
