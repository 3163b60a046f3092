package io.mnasnet.trainer.training;

import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the weights {@code --init-from} names, whatever their form: a torchvision {@code
 * state_dict} as {@code .safetensors}, an exported SavedModel directory, or the run directory of an
 * earlier training run (its best epoch).
 */
final class PretrainedWeights {

  private PretrainedWeights() {}

  /**
   * The weights at {@code source} for {@code network} (shapes are checked when they are assigned).
   */
  static ModelWeights read(Path source, Network network) throws IOException {
    if (!Files.exists(source)) {
      throw new NoSuchFileException(
          source.toString(),
          null,
          "--init-from needs a .safetensors file, a SavedModel directory or a run directory");
    }
    if (Files.isRegularFile(source)
        && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
      return ModelWeights.fromSafetensors(source, network);
    }
    if (Files.isRegularFile(source.resolve("saved_model.pb"))) {
      return ModelWeights.fromSavedModel(source, network);
    }
    RunDirectory run = new RunDirectory(source);
    if (run.exists() && Files.isRegularFile(run.bestFile())) {
      TrainingRun earlier = run.readRun();
      BestEpoch best = run.readBest();
      Network trained = MnasNetB1.network(earlier.modelConfig(best.labels().size()));
      return ModelWeights.fromCheckpoint(run.bestWeightsPrefix(), trained);
    }
    throw new IOException(
        source
            + " is neither a .safetensors file, nor a SavedModel directory (saved_model.pb), nor a"
            + " run directory with a best epoch (run.json, best/best.json)");
  }
}
