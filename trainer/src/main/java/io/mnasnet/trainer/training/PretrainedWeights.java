package io.mnasnet.trainer.training;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.export.SavedModelExporter;
import io.mnasnet.trainer.imports.StateDictMismatchException;
import io.mnasnet.trainer.imports.TorchvisionStateDict;
import io.mnasnet.trainer.io.SafeTensor;
import io.mnasnet.trainer.io.Safetensors;
import io.mnasnet.trainer.io.SafetensorsFile;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Reads the weights {@code --init-from} names, whatever their form: a torchvision {@code
 * state_dict} as {@code .safetensors} (through {@link TorchvisionStateDict}), an exported
 * SavedModel directory, or the run directory of an earlier training run (its best epoch). The
 * weights come with the network they fit, whose number of classes may differ from the run's.
 */
public final class PretrainedWeights {

  private static final String CLASSIFIER = "classifier.1.weight";

  private PretrainedWeights() {}

  /**
   * The weights at {@code source} for a MnasNet-B1 of {@code width} at {@code imageSize}, with the
   * number of classes the source has. SavedModels and runs are read in Sessions of {@code runtime}.
   *
   * @throws IOException if {@code source} is none of the three forms or does not fit the width
   */
  public static ModelWeights read(Path source, double width, int imageSize, ResolvedRuntime runtime)
      throws IOException {
    if (!Files.exists(source)) {
      throw new NoSuchFileException(
          source.toString(),
          null,
          "--init-from needs a .safetensors file, a SavedModel directory or a run directory");
    }
    if (Files.isRegularFile(source)
        && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
      return fromSafetensors(source, width, imageSize);
    }
    if (Files.isRegularFile(source.resolve("saved_model.pb"))) {
      return fromSavedModel(source, runtime);
    }
    RunDirectory run = new RunDirectory(source);
    if (run.exists() && Files.isRegularFile(run.bestFile())) {
      TrainingRun earlier = run.readRun();
      BestEpoch best = run.readBest();
      Network trained = MnasNetB1.network(earlier.modelConfig(best.labels().size()));
      try (InferenceGraph graph = new InferenceGraph(trained, runtime)) {
        graph.restore(run.bestWeightsPrefix());
        return graph.weights();
      }
    }
    throw new IOException(
        source
            + " is neither a .safetensors file, nor a SavedModel directory (saved_model.pb), nor a"
            + " run directory with a best epoch (run.json, best/best.json)");
  }

  /**
   * The labels of the model at {@code source}, without loading it: an exported SavedModel's
   * (mnasnet.json) or a run's best epoch's; empty for a torchvision state_dict, which has none, or
   * a path that is none of the three forms ({@link #read} says why).
   */
  public static List<String> labels(Path source) throws IOException {
    if (Files.isRegularFile(source.resolve("saved_model.pb"))) {
      return ModelMetadataFile.read(source).labels();
    }
    RunDirectory run = new RunDirectory(source);
    if (Files.isDirectory(source) && run.exists() && Files.isRegularFile(run.bestFile())) {
      return run.readBest().labels();
    }
    return List.of();
  }

  private static ModelWeights fromSafetensors(Path file, double width, int imageSize)
      throws IOException {
    SafetensorsFile content = Safetensors.read(file);
    if (!content.contains(CLASSIFIER) || content.require(CLASSIFIER).rank() != 2) {
      throw new IOException(
          file + " has no 2-D " + CLASSIFIER + ": not a torchvision MNASNet state_dict");
    }
    SafeTensor classifier = content.require(CLASSIFIER);
    int classes = (int) classifier.shape()[0];
    try {
      return TorchvisionStateDict.toWeights(content, MnasNetConfig.of(width, classes, imageSize));
    } catch (StateDictMismatchException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static ModelWeights fromSavedModel(Path directory, ResolvedRuntime runtime)
      throws IOException {
    ModelMetadata metadata = ModelMetadataFile.read(directory);
    Network network =
        MnasNetB1.network(
            MnasNetConfig.of(
                metadata.width(), metadata.numClasses(), metadata.preprocessing().imageSize()));
    try (SavedModelBundle bundle = runtime.loadSavedModel(directory, SavedModelExporter.TAG)) {
      Session.Runner runner = bundle.session().runner();
      for (String name : network.parametersByName().keySet()) {
        if (bundle.graph().operation(name) == null) {
          throw new IOException(
              directory
                  + " has no variable "
                  + name
                  + ": not a SavedModel exported by this project");
        }
        runner.fetch(name);
      }
      Map<String, float[]> values = new LinkedHashMap<>();
      try (Result result = runner.run()) {
        int i = 0;
        for (String name : network.parametersByName().keySet()) {
          TFloat32 tensor = (TFloat32) result.get(i++);
          float[] value = new float[(int) tensor.size()];
          tensor.copyTo(DataBuffers.of(value, false, false));
          values.put(name, value);
        }
      }
      return ModelWeights.of(network, values);
    }
  }
}
