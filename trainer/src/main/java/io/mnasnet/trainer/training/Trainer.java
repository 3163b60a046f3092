package io.mnasnet.trainer.training;

import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.augment.Batch;
import io.mnasnet.trainer.augment.BatchPlan;
import io.mnasnet.trainer.augment.CropDecoder;
import io.mnasnet.trainer.augment.Normalization;
import io.mnasnet.trainer.augment.PrefetchingBatchLoader;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.runlog.EpochRecord;
import io.mnasnet.trainer.runlog.JsonLinesLog;
import io.mnasnet.trainer.runlog.ProgressBar;
import io.mnasnet.trainer.runlog.StepRecord;
import io.mnasnet.trainer.runlog.TensorBoardEventWriter;
import io.mnasnet.trainer.runlog.TrainingPlots;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Trains MnasNet as a {@link TrainingRun} describes, in a {@link RunDirectory}: starts a new run or
 * continues the one there from its newest checkpoint, exactly where it stopped.
 *
 * <p>Each step feeds a batch built by worker threads ({@link PrefetchingBatchLoader}, order and
 * augmentation fixed by the seed) and the learning rate of the step ({@link
 * TrainingRecipe#schedule}). Every {@link TrainingRun#logEverySteps()} steps it writes a step
 * record (loss, learning rate, images/s, data-wait fraction) to {@code log.jsonl} and TensorBoard;
 * after every epoch it evaluates top-1/top-5 on the validation set, writes an epoch record, redraws
 * the plots, keeps the best epoch (inference checkpoint in {@code best/}, exported to {@code
 * model/} by the {@link BestModelExporter}) and saves a checkpoint.
 *
 * <p>{@link #requestStop()} (e.g. from a Ctrl-C shutdown hook) makes the loop stop before its next
 * step and save a mid-epoch checkpoint; {@link #train()} then returns {@link Outcome#STOPPED}.
 *
 * <p>Reads: the dataset, the run directory. Writes: the run directory. Needs: TensorFlow's native
 * library (CPU or GPU build, see {@link Device}).
 */
public final class Trainer {

  /** How a call to {@link #train()} ended. */
  public enum Outcome {
    /** All epochs done. */
    FINISHED,
    /** Stopped on request; a checkpoint was saved and {@code --resume} continues. */
    STOPPED
  }

  /** Called after every optimisation step, on the training thread (e.g. to stop after N steps). */
  @FunctionalInterface
  public interface StepListener {
    /**
     * @param globalStep steps done so far (the step just finished is {@code globalStep - 1})
     * @param loss that step's training loss
     */
    void afterStep(long globalStep, double loss);
  }

  /**
   * Execution settings that do not change the numbers of a run.
   *
   * @param device where to run
   * @param workers batch-building threads
   * @param prefetch batches built ahead of the training loop
   * @param evalBatchSize batch size of the validation passes
   * @param console progress bar and messages, or null for silence
   * @param exporter writes the best epoch's model
   * @param stepListener called after every step, or null
   */
  public record Options(
      Device device,
      int workers,
      int prefetch,
      int evalBatchSize,
      PrintStream console,
      BestModelExporter exporter,
      StepListener stepListener) {

    /** Default worker threads: the cheap 32x32 augmentation needs one; JPEG decoding more. */
    public static final int DEFAULT_WORKERS = 2;

    /** Default prefetch depth. */
    public static final int DEFAULT_PREFETCH = 4;

    public Options {
      if (workers < 1 || prefetch < 1 || evalBatchSize < 1) {
        throw new IllegalArgumentException("workers, prefetch and evalBatchSize must be >= 1");
      }
      if (device == null) {
        device = Device.AUTO;
      }
      if (exporter == null) {
        exporter = BestModelExporter.NONE;
      }
    }

    /** Defaults, printing to {@code console} (may be null). */
    public static Options defaults(PrintStream console) {
      return new Options(
          Device.AUTO,
          DEFAULT_WORKERS,
          DEFAULT_PREFETCH,
          Evaluator.DEFAULT_BATCH_SIZE,
          console,
          BestModelExporter.NONE,
          null);
    }

    public Options withDevice(Device value) {
      return new Options(value, workers, prefetch, evalBatchSize, console, exporter, stepListener);
    }

    public Options withWorkers(int value) {
      return new Options(device, value, prefetch, evalBatchSize, console, exporter, stepListener);
    }

    public Options withExporter(BestModelExporter value) {
      return new Options(device, workers, prefetch, evalBatchSize, console, value, stepListener);
    }

    public Options withStepListener(StepListener value) {
      return new Options(device, workers, prefetch, evalBatchSize, console, exporter, value);
    }
  }

  /**
   * What {@link #train()} achieved.
   *
   * @param outcome finished or stopped
   * @param state where the run stands (as saved in the newest checkpoint)
   * @param lastValidation validation result of the last finished epoch, or null
   */
  public record Summary(Outcome outcome, TrainingState state, EvaluationResult lastValidation) {}

  private final RunDirectory directory;
  private final TrainingRun run;
  private final Options options;
  private final PrintStream console;
  private volatile boolean stopRequested;

  /**
   * A trainer for {@code run} in {@code directory}. If the directory already holds a run, {@code
   * run} must be the one in its {@code run.json} (use {@link #resume}).
   */
  public Trainer(RunDirectory directory, TrainingRun run, Options options) {
    this.directory = directory;
    this.run = run;
    this.options = options;
    this.console =
        options.console() == null
            ? new PrintStream(OutputStream.nullOutputStream())
            : options.console();
  }

  /** A trainer continuing the run in {@code directory} with its saved configuration. */
  public static Trainer resume(RunDirectory directory, Options options) throws IOException {
    return new Trainer(directory, directory.readRun(), options);
  }

  /** Asks the loop to stop before its next step and save a checkpoint. Thread-safe. */
  public void requestStop() {
    stopRequested = true;
  }

  /** The run being trained. */
  public TrainingRun run() {
    return run;
  }

  /** Where it is trained. */
  public RunDirectory directory() {
    return directory;
  }

  /**
   * Trains until the last epoch or a stop request.
   *
   * @throws IOException if the data or the run directory cannot be read or written
   * @throws IllegalStateException if the loss becomes NaN or infinite (lower the learning rate)
   */
  public Summary train() throws IOException {
    if (directory.exists()) {
      TrainingRun saved = directory.readRun();
      if (!saved.equals(run)) {
        throw new IllegalStateException(
            directory.runFile()
                + " describes another run; resume it with --resume, or choose a new run directory");
      }
    } else {
      directory.writeRun(run);
    }
    TrainingRecipe recipe = run.recipe();
    // resolved before any other session: TensorFlow takes its thread counts from the first one
    ResolvedRuntime runtime =
        new RuntimeOptions(options.device(), run.threads(), run.threads())
            .resolve()
            .withReplicas(run.replication().replicas());
    try (CropDecoder decoder = new CropDecoder(runtime, run.imageSize(), Normalization.IMAGENET)) {
      return train(
          recipe,
          runtime,
          TrainingData.open(
              run.dataset(),
              run.imageSize(),
              recipe.seed(),
              run.initFrom() == null ? List.of() : PretrainedWeights.labels(run.initFrom()),
              decoder));
    }
  }

  private Summary train(TrainingRecipe recipe, ResolvedRuntime runtime, TrainingData data)
      throws IOException {
    MnasNetConfig config = run.modelConfig(data.numClasses());
    long stepsPerEpoch = recipe.stepsPerEpoch(data.train().size());
    LearningRateSchedule schedule = recipe.schedule(stepsPerEpoch);
    boolean gpu = runtime.gpu();
    console.println(data.description());
    console.printf(
        Locale.ROOT,
        "MnasNet-B1 width %s, %d classes, %dx%d input, on %s; %d steps/epoch of %d images%n",
        config.width(),
        config.numClasses(),
        config.imageSize(),
        config.imageSize(),
        replicasDescription(runtime),
        stepsPerEpoch,
        recipe.batchSize());

    try (Graph graph = new Graph()) {
      TrainingGraph model =
          TrainingGraph.build(
              graph, runtime, config, recipe, run.replication().synchronisedBatchNorm());
      try (Session session = runtime.session(graph)) {
        Checkpoints checkpoints = new Checkpoints(directory.checkpoints());
        Optional<TrainingState> latest = checkpoints.latest();
        TrainingState state;
        if (latest.isPresent()) {
          state = latest.get();
          checkpoints.restore(session, state);
          console.printf(
              Locale.ROOT,
              "Resuming %s at epoch %d, batch %d (step %d)%n",
              directory,
              state.epoch() + 1,
              state.batchInEpoch(),
              state.globalStep());
        } else {
          state = TrainingState.initial();
          initialize(session, model, runtime, data.classNames());
        }
        if (state.epoch() >= recipe.epochs()) {
          console.println("The run already finished all " + recipe.epochs() + " epochs.");
          return new Summary(Outcome.FINISHED, state, null);
        }
        try (InferenceGraph evaluation = new InferenceGraph(model.network(), runtime);
            JsonLinesLog log = JsonLinesLog.openInRunDirectory(directory.root());
            TensorBoardEventWriter events = TensorBoardEventWriter.create(directory.root())) {
          return new Loop(
                  session,
                  runtime,
                  model,
                  evaluation,
                  data,
                  schedule,
                  stepsPerEpoch,
                  checkpoints,
                  log,
                  events)
              .run(state);
        }
      }
    }
  }

  private String replicasDescription(ResolvedRuntime runtime) {
    String device = runtime.gpu() ? "GPU" : "CPU";
    if (runtime.replicas() == 1) {
      return device;
    }
    return "%d replicas (%s:0-%d%s)"
        .formatted(
            runtime.replicas(),
            device,
            runtime.replicas() - 1,
            run.replication().synchronisedBatchNorm() ? ", synchronised BatchNorm" : "");
  }

  /** Random initialisation, or pretrained weights; then the moving average starts equal. */
  private void initialize(
      Session session, TrainingGraph model, ResolvedRuntime runtime, List<String> classNames)
      throws IOException {
    if (run.initFrom() != null) {
      ModelWeights weights =
          ClassifierRemap.toClasses(
              PretrainedWeights.read(run.initFrom(), run.width(), run.imageSize(), runtime),
              run.initFrom(),
              classNames);
      List<String> skipped = WeightAssignment.assign(session, model.variables(), weights);
      console.println(
          "Initialised from "
              + run.initFrom()
              + (skipped.isEmpty()
                  ? ""
                  : "; left at their random initial values (new classifier or absent): "
                      + skipped));
    }
    if (model.copyWeightsToAverage() != null) {
      session.run(model.copyWeightsToAverage());
    }
  }

  /** The training loop of one session; mutable progress lives here. */
  private final class Loop {
    private final Session session;
    private final ResolvedRuntime runtime;
    private final TrainingGraph model;
    private final InferenceGraph evaluation;
    private final TrainingData data;
    private final LearningRateSchedule schedule;
    private final long stepsPerEpoch;
    private final Checkpoints checkpoints;
    private final JsonLinesLog log;
    private final TensorBoardEventWriter events;
    private final TrainingRecipe recipe = run.recipe();
    private final long sessionStartNanos = System.nanoTime();

    private int epoch;
    private int batchInEpoch;
    private long globalStep;
    private double epochLossSum;
    private double epochCorrect;
    private long epochImages;
    private double epochSeconds;
    private double epochWaitSeconds;
    private double windowLossSum;
    private int windowSteps;
    private double bestTop1;
    private int bestEpoch;
    private double previousSessionsSeconds;

    Loop(
        Session session,
        ResolvedRuntime runtime,
        TrainingGraph model,
        InferenceGraph evaluation,
        TrainingData data,
        LearningRateSchedule schedule,
        long stepsPerEpoch,
        Checkpoints checkpoints,
        JsonLinesLog log,
        TensorBoardEventWriter events) {
      this.session = session;
      this.runtime = runtime;
      this.model = model;
      this.evaluation = evaluation;
      this.data = data;
      this.schedule = schedule;
      this.stepsPerEpoch = stepsPerEpoch;
      this.checkpoints = checkpoints;
      this.log = log;
      this.events = events;
    }

    Summary run(TrainingState start) throws IOException {
      epoch = start.epoch();
      batchInEpoch = start.batchInEpoch();
      globalStep = start.globalStep();
      epochLossSum = start.epochLossSum();
      epochCorrect = start.epochCorrect();
      epochImages = start.epochImages();
      epochSeconds = start.epochSeconds();
      epochWaitSeconds = start.epochWaitSeconds();
      windowLossSum = start.windowLossSum();
      windowSteps = start.windowSteps();
      bestTop1 = start.bestTop1();
      bestEpoch = start.bestEpoch();
      previousSessionsSeconds = start.trainingSeconds();

      EvaluationResult validation = null;
      while (epoch < recipe.epochs()) {
        if (!trainEpoch()) {
          TrainingState saved = checkpoints.save(session, state());
          console.printf(
              Locale.ROOT,
              "Stopped at epoch %d, batch %d (step %d); checkpoint saved. Continue with: train"
                  + " --resume %s%n",
              epoch + 1,
              batchInEpoch,
              globalStep,
              directory.root());
          return new Summary(Outcome.STOPPED, saved, validation);
        }
        validation = endEpoch();
      }
      TrainingState finished = state();
      console.printf(
          Locale.ROOT,
          "Finished %d epochs in %s; best validation top-1 %.2f%% at epoch %d%n",
          recipe.epochs(),
          formatSeconds(finished.trainingSeconds()),
          100 * bestTop1,
          bestEpoch);
      return new Summary(Outcome.FINISHED, finished, validation);
    }

    /** Trains the rest of the current epoch; false if stopped on request. */
    private boolean trainEpoch() throws IOException {
      BatchPlan plan =
          BatchPlan.shuffled(data.train().size(), recipe.batchSize(), true, recipe.seed(), epoch)
              .skip(batchInEpoch);
      String label = "epoch %d/%d".formatted(epoch + 1, recipe.epochs());
      ProgressBar bar =
          options.console() == null ? null : ProgressBar.onConsole(label, stepsPerEpoch);
      long windowStartNanos = System.nanoTime();
      long windowStartWait = 0;
      int windowImages = 0;
      double displayLoss = Double.NaN;
      try (PrefetchingBatchLoader loader =
          new PrefetchingBatchLoader(
              data.train(), data.trainTransform(), plan, options.workers(), options.prefetch())) {
        long lastNanos = System.nanoTime();
        long lastWait = 0;
        while (loader.hasNext()) {
          if (stopRequested) {
            return false;
          }
          Batch batch = loader.next();
          double learningRate = schedule.at(globalStep);
          float[] outputs = step(batch, learningRate);
          double loss = outputs[0];
          if (!Double.isFinite(loss)) {
            throw new IllegalStateException(
                "the training loss became "
                    + loss
                    + " at step "
                    + globalStep
                    + " (learning rate "
                    + learningRate
                    + "); lower --lr or raise --warmup-epochs, and resume from the last checkpoint"
                    + " or start a new run");
          }
          long now = System.nanoTime();
          long waited = loader.waitedNanos();
          epochSeconds += (now - lastNanos) / 1e9;
          epochWaitSeconds += (waited - lastWait) / 1e9;
          lastNanos = now;
          lastWait = waited;
          epochLossSum += loss;
          epochCorrect += outputs[1];
          epochImages += batch.size();
          windowLossSum += loss;
          windowSteps++;
          windowImages += batch.size();
          batchInEpoch++;
          globalStep++;
          displayLoss = Double.isNaN(displayLoss) ? loss : 0.9 * displayLoss + 0.1 * loss;

          if (globalStep % run.logEverySteps() == 0) {
            double seconds = (now - windowStartNanos) / 1e9;
            double imagesPerSecond = seconds > 0 ? windowImages / seconds : 0;
            double wait = seconds > 0 ? Math.min(1, (waited - windowStartWait) / 1e9 / seconds) : 0;
            StepRecord record =
                new StepRecord(
                    globalStep - 1,
                    globalStep / (double) stepsPerEpoch,
                    windowLossSum / windowSteps,
                    learningRate,
                    imagesPerSecond,
                    wait);
            log.append(record);
            Map<String, Double> scalars = new LinkedHashMap<>();
            scalars.put("train/loss", record.loss());
            scalars.put("train/learning_rate", learningRate);
            scalars.put("train/images_per_second", imagesPerSecond);
            scalars.put("train/data_wait_fraction", wait);
            events.scalars(scalars, globalStep);
            windowLossSum = 0;
            windowSteps = 0;
            windowImages = 0;
            windowStartNanos = now;
            windowStartWait = waited;
          }
          if (options.stepListener() != null) {
            options.stepListener().afterStep(globalStep, loss);
          }
          if (bar != null) {
            bar.update(batchInEpoch, displayLoss, epochImages / Math.max(1e-9, epochSeconds));
          }
        }
      } finally {
        // the epoch summary (or the stop message) must not land on the bar's line
        if (bar != null) {
          bar.endLine();
        }
      }
      return true;
    }

    /** One optimisation step; returns {loss, correct}. */
    private float[] step(Batch batch, double learningRate) {
      try (TFloat32 images =
              TFloat32.tensorOf(
                  Shape.of(batch.shape()), DataBuffers.of(batch.images(), true, false));
          TInt32 labels = TInt32.vectorOf(batch.labels());
          TFloat32 rate = TFloat32.scalarOf((float) learningRate);
          TInt64 step = TInt64.scalarOf(globalStep);
          Result result =
              session
                  .runner()
                  .feed(model.images(), images)
                  .feed(model.labels(), labels)
                  .feed(model.learningRate(), rate)
                  .feed(model.step(), step)
                  .addTarget(model.trainStep())
                  .fetch(model.loss())
                  .fetch(model.correct())
                  .run()) {
        return new float[] {
          ((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat()
        };
      }
    }

    /** Validation, records, plots, best model, checkpoint. */
    private EvaluationResult endEpoch() throws IOException {
      long evalStart = System.nanoTime();
      EvaluationResult validation = evaluate();
      double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
      int finished = epoch + 1;
      long batches = stepsPerEpoch;
      double learningRate = schedule.at(Math.max(0, globalStep - 1));
      EpochRecord record =
          new EpochRecord(
              finished,
              epochLossSum / batches,
              epochCorrect / Math.max(1, epochImages),
              null,
              validation.loss(),
              validation.top1(),
              validation.top5(),
              learningRate,
              epochImages / Math.max(1e-9, epochSeconds),
              Math.min(1, epochWaitSeconds / Math.max(1e-9, epochSeconds)),
              epochSeconds + evalSeconds);
      log.append(record);
      Map<String, Double> scalars = new LinkedHashMap<>();
      scalars.put("epoch/train_loss", record.trainLoss());
      scalars.put("epoch/train_top1", record.trainTop1());
      scalars.put("val/loss", validation.loss());
      scalars.put("val/top1", validation.top1());
      scalars.put("val/top5", validation.top5());
      scalars.put("epoch/images_per_second", record.imagesPerSecond());
      scalars.put("epoch/data_wait_fraction", record.dataWaitFraction());
      events.scalars(scalars, globalStep);
      console.printf(
          Locale.ROOT,
          "epoch %d/%d: loss %.4f, train top-1 %.2f%%, val top-1 %.2f%%, top-5 %.2f%%, val loss"
              + " %.4f, %.0f img/s, data wait %.1f%%, %s%n",
          finished,
          recipe.epochs(),
          record.trainLoss(),
          100 * record.trainTop1(),
          100 * validation.top1(),
          100 * validation.top5(),
          validation.loss(),
          record.imagesPerSecond(),
          100 * record.dataWaitFraction(),
          formatSeconds(record.wallSeconds()));
      try {
        TrainingPlots.renderRunDirectory(directory.root());
      } catch (IOException | RuntimeException e) {
        // plots are a convenience: a failure must not cost the run
        console.println("Could not draw the plots: " + e);
      }
      if (validation.top1() > bestTop1) {
        bestTop1 = validation.top1();
        bestEpoch = finished;
        saveBest(validation);
      }
      epoch++;
      batchInEpoch = 0;
      epochLossSum = 0;
      epochCorrect = 0;
      epochImages = 0;
      epochSeconds = 0;
      epochWaitSeconds = 0;
      checkpoints.save(session, state());
      return validation;
    }

    /** Loads the evaluation weights into the inference graph and scores the validation set. */
    private EvaluationResult evaluate() {
      evaluation.load(
          ModelWeights.of(
              model.network(), WeightAssignment.fetch(session, model.evaluationVariables())));
      Evaluator evaluator = new Evaluator(options.evalBatchSize(), options.workers());
      return evaluator.evaluate(
          data.validation(), data.evalTransform(), data.numClasses(), evaluation::logits);
    }

    /**
     * Saves the inference graph (holding the weights just evaluated) to best/, then exports it to
     * model/. Both are written beside and moved into place, so a crash leaves the previous best.
     */
    private void saveBest(EvaluationResult validation) throws IOException {
      Path staging = directory.root().resolve(RunDirectory.BEST + ".tmp");
      deleteRecursively(staging);
      evaluation.save(staging.resolve(RunDirectory.BEST_WEIGHTS));
      BestEpoch best =
          new BestEpoch(
              epoch + 1,
              globalStep,
              validation.top1(),
              validation.top5(),
              validation.images(),
              data.classNames(),
              model.hasMovingAverage());
      TrainingJson.write(staging.resolve(RunDirectory.BEST_FILE), best);
      replace(staging, directory.best());

      Path exportStaging = directory.root().resolve(RunDirectory.MODEL + ".tmp");
      deleteRecursively(exportStaging);
      options
          .exporter()
          .export(
              model.network(), directory.bestWeightsPrefix(), metadata(), exportStaging, runtime);
      if (Files.exists(exportStaging)) {
        replace(exportStaging, directory.model());
      }
    }

    private ModelMetadata metadata() throws IOException {
      return new ModelMetadata(
              run.name(),
              1,
              MnasNetB1.ARCHITECTURE,
              run.width(),
              data.classNames(),
              data.preprocessing(),
              ModelMetadata.Signatures.DEFAULT)
          .withLineage(RunLineage.of(directory.root(), run));
    }

    private TrainingState state() {
      double seconds = previousSessionsSeconds + (System.nanoTime() - sessionStartNanos) / 1e9;
      return new TrainingState(
          epoch,
          batchInEpoch,
          globalStep,
          epochLossSum,
          epochCorrect,
          epochImages,
          epochSeconds,
          epochWaitSeconds,
          windowLossSum,
          windowSteps,
          bestTop1,
          bestEpoch,
          seconds,
          null);
    }
  }

  /** {@code h:mm:ss} or {@code m:ss}. */
  static String formatSeconds(double seconds) {
    long total = Math.round(seconds);
    long hours = total / 3600;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, total % 3600 / 60, total % 60)
        : String.format(Locale.ROOT, "%d:%02d", total / 60, total % 60);
  }

  private static void replace(Path staging, Path target) throws IOException {
    deleteRecursively(target);
    Files.move(staging, target);
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
