package io.mnasnet.trainer.cli;

import io.mnasnet.trainer.export.SavedModelExporter;
import io.mnasnet.trainer.training.BestModelExporter;

/** Which {@link BestModelExporter} the commands use. */
final class TrainerExports {

  private TrainerExports() {}

  /** The SavedModel exporter: {@code saved_model.pb}, {@code variables/}, {@code mnasnet.json}. */
  static BestModelExporter bestModelExporter() {
    return SavedModelExporter::exportCheckpoint;
  }
}
