package io.mnasnet.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.trainer.augment.MetadataPipeline;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.SampleDataDirectory;
import io.mnasnet.trainer.data.Split;
import io.mnasnet.trainer.export.SavedModelExporter;
import io.mnasnet.trainer.runlog.EpochRecord;
import io.mnasnet.trainer.runlog.RunLog;
import io.mnasnet.trainer.runlog.StepRecord;
import io.mnasnet.trainer.runlog.TensorBoardEventReader;
import io.mnasnet.trainer.runlog.TensorBoardEventReader.ScalarEvent;
import io.mnasnet.trainer.runlog.TrainingPlots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real training runs on real Fashion-MNIST images, small enough for CI: the model learns, the run
 * directory holds what it promises, and the best epoch evaluates the same outside the trainer. The
 * images are the bundled 1,000-image sample written as an IDX directory (800 to train on, 200 to
 * validate on), so these runs need no installed data set.
 */
class TrainerIT {

  @TempDir Path temp;

  @Test
  void shortRunLearnsAndWritesARunDirectoryThatReadsBack() throws Exception {
    TrainingRecipe recipe =
        TrainingRecipe.builder()
            .learningRate(0.1)
            .schedule(ScheduleKind.COSINE)
            .warmupEpochs(1)
            .epochs(10)
            .batchSize(100)
            .build();
    Path dataDir = SampleDataDirectory.writeSplit(temp.resolve("data"), 800);
    DatasetSpec data = DatasetSpec.fashionMnist(dataDir);
    TrainingRun run =
        new TrainingRun("test-model", 0.5, 32, recipe, data, null, 4, 2, List.of("train"));
    RunDirectory directory = new RunDirectory(temp.resolve("run"));

    Trainer.Summary summary =
        new Trainer(
                directory,
                run,
                Trainer.Options.defaults(null)
                    .withDevice(Device.CPU)
                    .withExporter(SavedModelExporter::exportCheckpoint))
            .train();

    assertThat(summary.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
    assertThat(summary.state().globalStep()).isEqualTo(10 * 8);

    // The JSON log reads back: a step record every 4 steps, an epoch record per epoch.
    RunLog log = RunLog.readRunDirectory(directory.root());
    assertThat(log.steps()).hasSize(10 * 8 / 4);
    assertThat(log.epochs())
        .extracting(EpochRecord::epoch)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    EpochRecord first = log.epochs().get(0);
    EpochRecord last = log.epochs().get(9);
    // It learned: the loss fell and held-out accuracy is far above chance (10%). The figure
    // depends on the CPU's float arithmetic (seeded, but AVX2 and AVX-512 kernels round
    // differently): 200 validation images gave 0.45 on one machine, more on another.
    assertThat(last.trainLoss()).isLessThan(first.trainLoss() - 0.5);
    assertThat(last.valTop1()).isGreaterThan(0.35);
    assertThat(last.valTop1()).isGreaterThan(first.valTop1());
    assertThat(last.valTop5()).isGreaterThan(last.valTop1());
    for (StepRecord step : log.steps()) {
      assertThat(step.imagesPerSecond()).isPositive();
      assertThat(step.dataWaitFraction()).isBetween(0.0, 1.0);
      assertThat(step.learningRate()).isBetween(0.0, 0.1);
    }

    // TensorBoard holds the same scalars.
    List<Path> eventFiles = eventFiles(directory.root());
    assertThat(eventFiles).hasSize(1);
    List<ScalarEvent> scalars = TensorBoardEventReader.readScalars(eventFiles.get(0));
    List<ScalarEvent> losses = scalars.stream().filter(e -> e.tag().equals("train/loss")).toList();
    assertThat(losses).hasSize(log.steps().size());
    assertThat(losses.get(3).value()).isCloseTo((float) log.steps().get(3).loss(), within(1e-6f));
    assertThat(losses.get(3).step()).isEqualTo(log.steps().get(3).step() + 1);
    List<ScalarEvent> top1 = scalars.stream().filter(e -> e.tag().equals("val/top1")).toList();
    assertThat(top1).hasSize(10);
    assertThat(top1.get(9).value()).isCloseTo((float) (double) last.valTop1(), within(1e-6f));

    // Plots, checkpoints and the best epoch are there.
    for (String plot :
        List.of(
            TrainingPlots.LOSS_FILE,
            TrainingPlots.ACCURACY_FILE,
            TrainingPlots.LEARNING_RATE_FILE)) {
      assertThat(directory.root().resolve(plot)).isNotEmptyFile();
    }
    assertThat(new Checkpoints(directory.checkpoints()).latest()).isPresent();
    BestEpoch best = directory.readBest();
    double bestTop1 = log.epochs().stream().mapToDouble(EpochRecord::valTop1).max().orElseThrow();
    assertThat(best.top1()).isEqualTo(bestTop1);
    assertThat(best.labels()).isEqualTo(FashionMnist.CLASS_NAMES);

    // The best epoch, from its inference checkpoint and as the exported SavedModel, loaded
    // outside the trainer and preprocessed as its metadata says, scores what the trainer measured
    // on the same 200 images.
    assertThat(directory.model().resolve("saved_model.pb")).isNotEmptyFile();
    assertThat(directory.model().resolve("mnasnet.json")).isNotEmptyFile();
    for (Path model : List.of(directory.root(), directory.model())) {
      try (TrainedModel trained = TrainedModel.open(model, ResolvedRuntime.cpuOnly())) {
        assertThat(trained.labels()).isEqualTo(FashionMnist.CLASS_NAMES);
        EvaluationResult again =
            new Evaluator(100, 2)
                .evaluate(
                    TrainingData.samples(FashionMnist.load(dataDir, Split.TEST)),
                    MetadataPipeline.of(trained.metadata().preprocessing()),
                    10,
                    trained);
        assertThat(again.images()).isEqualTo(200);
        assertThat(again.top1()).as("top-1 of %s", model).isEqualTo(best.top1());
        assertThat(again.top5()).as("top-5 of %s", model).isEqualTo(best.top5());
      }
    }
  }

  @Test
  void resumingFromAMidEpochCheckpointReproducesTheUninterruptedLosses() throws Exception {
    // dropout, weight decay, label smoothing and a moving average all on: every piece of state
    // that a resume could lose
    TrainingRecipe recipe =
        TrainingRecipe.builder()
            .learningRate(0.05)
            .epochs(2)
            .batchSize(64)
            .dropout(0.2)
            .emaDecay(0.9)
            .seed(7)
            .build();
    Path dataDir = SampleDataDirectory.writeSplit(temp.resolve("data"), 800);
    DatasetSpec data = DatasetSpec.fashionMnist(dataDir).withLimits(320, 64);
    TrainingRun run = new TrainingRun("resume-test", 0.5, 32, recipe, data, null, 1, 2, List.of());
    Trainer.Options options = Trainer.Options.defaults(null).withDevice(Device.CPU);

    RunDirectory uninterrupted = new RunDirectory(temp.resolve("uninterrupted"));
    new Trainer(uninterrupted, run, options).train();

    RunDirectory interrupted = new RunDirectory(temp.resolve("interrupted"));
    Trainer[] first = new Trainer[1];
    first[0] =
        new Trainer(
            interrupted,
            run,
            options.withStepListener(
                (step, loss) -> {
                  if (step == 7) {
                    first[0].requestStop(); // in epoch 2 (5 steps per epoch), batch 2
                  }
                }));
    Trainer.Summary stopped = first[0].train();
    assertThat(stopped.outcome()).isEqualTo(Trainer.Outcome.STOPPED);
    assertThat(stopped.state().epoch()).isEqualTo(1);
    assertThat(stopped.state().batchInEpoch()).isEqualTo(2);

    Trainer.Summary resumed = Trainer.resume(interrupted, options).train();
    assertThat(resumed.outcome()).isEqualTo(Trainer.Outcome.FINISHED);

    RunLog expected = RunLog.readRunDirectory(uninterrupted.root());
    RunLog actual = RunLog.readRunDirectory(interrupted.root());
    assertThat(actual.steps()).hasSize(10);
    assertThat(actual.steps().stream().map(StepRecord::loss).toList())
        .isEqualTo(expected.steps().stream().map(StepRecord::loss).toList());
    assertThat(actual.epochs()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(actual.epochs().get(i).trainLoss())
          .isEqualTo(expected.epochs().get(i).trainLoss());
      assertThat(actual.epochs().get(i).trainTop1())
          .isEqualTo(expected.epochs().get(i).trainTop1());
      assertThat(actual.epochs().get(i).valLoss()).isEqualTo(expected.epochs().get(i).valLoss());
    }
    // two sessions wrote two TensorBoard files into the interrupted run
    assertThat(eventFiles(interrupted.root())).hasSize(2);
  }

  private static List<Path> eventFiles(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("events.out.tfevents."))
          .sorted()
          .toList();
    }
  }
}
