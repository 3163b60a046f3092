package io.mnasnet.trainer.training;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.export.SavedModelExporter;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.snapshot.SnapshotCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Exports the best epoch of a run directory ({@code best/weights}, {@code best/best.json}, {@code
 * run.json}) as a model directory: SavedModel + {@code mnasnet.json} with the run's labels and
 * preprocessing. The trainer does this itself after every new best epoch (into {@code
 * RUN_DIR/model}); this is for copying a model elsewhere with another name or version.
 */
public final class RunExport {

  private RunExport() {}

  /** The metadata of the run's best epoch, named {@code name} at {@code version}. */
  public static ModelMetadata metadata(RunDirectory run, String name, int version)
      throws IOException {
    TrainingRun config = run.readRun();
    BestEpoch best = readBest(run);
    return new ModelMetadata(
            name == null ? config.name() : name,
            version,
            MnasNetB1.ARCHITECTURE,
            config.width(),
            best.labels(),
            switch (config.dataset().kind()) {
              case FASHION_MNIST -> TrainingData.fashionMnistPreprocessing();
              case IMAGE_FOLDER -> TrainingData.imageNetPreprocessing(config.imageSize());
              case STREAM_SNAPSHOT ->
                  SnapshotCache.readManifest(config.dataset().dataDir()).preprocessing();
            },
            ModelMetadata.Signatures.DEFAULT)
        .withLineage(RunLineage.of(run.root(), config));
  }

  /** The network of the run's best epoch. */
  public static Network network(RunDirectory run) throws IOException {
    return MnasNetB1.network(run.readRun().modelConfig(readBest(run).labels().size()));
  }

  /**
   * Writes the run's best epoch to {@code target} (which must not exist or be empty).
   *
   * @param name model name for the metadata, or null for the run's
   * @param version model version, >= 1
   * @param runtime makes the Session that reads the checkpoint
   */
  public static ModelMetadata export(
      RunDirectory run, Path target, String name, int version, ResolvedRuntime runtime)
      throws IOException {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, got " + version);
    }
    ModelMetadata metadata = metadata(run, name, version);
    SavedModelExporter.exportCheckpoint(
        network(run), run.bestWeightsPrefix(), metadata, target, runtime);
    return metadata;
  }

  private static BestEpoch readBest(RunDirectory run) throws IOException {
    if (!Files.isRegularFile(run.bestFile())) {
      throw new NoSuchFileException(
          run.bestFile().toString(), null, "the run has not finished an epoch yet");
    }
    return run.readBest();
  }
}
