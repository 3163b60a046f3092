package io.mnasnet.trainer.training;

import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.snapshot.SnapshotCache;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@link ModelLineage} of the models a run exports: the run directory, which layers it trained,
 * the model version it started from ({@code --init-from} a model), and the Kafka snapshot it read
 * ({@code --from-kafka}).
 */
public final class RunLineage {

  private RunLineage() {}

  /**
   * The lineage of {@code run} in {@code runDirectory}.
   *
   * @throws IOException when the run's snapshot cache cannot be read
   */
  public static ModelLineage of(Path runDirectory, TrainingRun run) throws IOException {
    ModelLineage.StreamSnapshot snapshot =
        run.dataset().kind() == DatasetKind.STREAM_SNAPSHOT
            ? SnapshotCache.readManifest(run.dataset().dataDir()).snapshot()
            : null;
    return new ModelLineage(
        runDirectory.toString(), run.recipe().trainOnly().id(), parent(run.initFrom()), snapshot);
  }

  /**
   * The model version {@code initFrom} is, or null when it is no exported model (a {@code
   * .safetensors} file, a run directory, nothing).
   */
  static ModelLineage.Parent parent(Path initFrom) {
    if (initFrom == null || !ModelDirectory.isSavedModel(initFrom)) {
      return null;
    }
    try {
      ModelMetadata metadata = ModelMetadataFile.read(initFrom);
      String name = initFrom.getFileName() == null ? "" : initFrom.getFileName().toString();
      // served versions are numbered directories; the number there is the one predictions name
      int version = name.matches("[0-9]{1,9}") ? Integer.parseInt(name) : metadata.version();
      return new ModelLineage.Parent(metadata.name(), version, initFrom.toString());
    } catch (IOException e) {
      return null; // weights without metadata: no model version to name
    }
  }
}
