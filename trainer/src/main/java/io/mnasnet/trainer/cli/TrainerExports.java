package io.mnasnet.trainer.cli;

import io.mnasnet.trainer.training.BestModelExporter;

/** Which {@link BestModelExporter} the commands use. */
final class TrainerExports {

  private TrainerExports() {}

  /** The SavedModel exporter (until the export package lands: none, the run keeps best/). */
  static BestModelExporter bestModelExporter() {
    return BestModelExporter.NONE;
  }
}
