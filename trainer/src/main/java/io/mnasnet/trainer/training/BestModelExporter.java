package io.mnasnet.trainer.training;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.model.Network;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns the inference checkpoint of a run's best epoch into a deployable model directory (a
 * SavedModel with {@code mnasnet.json}). The trainer calls it whenever an epoch beats the best
 * validation top-1 so far.
 */
@FunctionalInterface
public interface BestModelExporter {

  /** Exports nothing (the run directory still holds the best epoch's inference checkpoint). */
  BestModelExporter NONE = (network, weights, metadata, directory, runtime) -> {};

  /**
   * Writes the model.
   *
   * @param network the network whose variables the checkpoint holds
   * @param weightsPrefix prefix of an inference checkpoint with variables named after the {@code
   *     state_dict} ({@link InferenceGraph#save})
   * @param metadata labels and preprocessing to write as {@code mnasnet.json}
   * @param directory the directory to create (it does not exist yet)
   * @param runtime the training run's runtime, which any Session must be made by
   */
  void export(
      Network network,
      Path weightsPrefix,
      ModelMetadata metadata,
      Path directory,
      ResolvedRuntime runtime)
      throws IOException;
}
