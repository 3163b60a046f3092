package io.mnasnet.trainer.imports;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.export.SavedModelExporter;
import io.mnasnet.trainer.io.Safetensors;
import io.mnasnet.trainer.io.SafetensorsFile;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a torchvision {@code MNASNet} {@code state_dict} saved as safetensors into a model
 * directory (SavedModel + {@code mnasnet.json}): read, validate every key, transpose to
 * TensorFlow's layout, export.
 */
public final class TorchImport {

  /**
   * What to import and how to describe it.
   *
   * @param weights the {@code .safetensors} file
   * @param config architecture of the weights (width, classes) and the input size to export for
   * @param labels class labels, one per class
   * @param preprocessing how images become inputs (written to {@code mnasnet.json} and built into
   *     the encoded signature)
   * @param name model name
   * @param version model version
   * @param out the model directory to create (must not exist or be empty)
   */
  public record Request(
      Path weights,
      MnasNetConfig config,
      List<String> labels,
      ModelMetadata.Preprocessing preprocessing,
      String name,
      int version,
      Path out) {

    public Request {
      labels = List.copyOf(labels);
      if (labels.size() != config.numClasses()) {
        throw new IllegalArgumentException(
            labels.size() + " labels given for " + config.numClasses() + " classes");
      }
      if (preprocessing.imageSize() != config.imageSize()) {
        throw new IllegalArgumentException(
            "preprocessing image size "
                + preprocessing.imageSize()
                + " differs from the model's "
                + config.imageSize());
      }
    }
  }

  private TorchImport() {}

  /**
   * Reads {@code request.weights()}, checks it against the architecture and writes the model
   * directory.
   *
   * @return the metadata written beside the SavedModel
   * @throws io.mnasnet.trainer.io.SafetensorsFormatException if the file is not valid safetensors
   * @throws StateDictMismatchException if the tensors do not fit the architecture (every problem
   *     listed, by key)
   */
  public static ModelMetadata run(Request request, ResolvedRuntime runtime)
      throws IOException, StateDictMismatchException {
    Network network = MnasNetB1.network(request.config());
    SafetensorsFile file = Safetensors.read(request.weights());
    ModelWeights weights = TorchvisionStateDict.toWeights(file, network);
    ModelMetadata metadata =
        new ModelMetadata(
            request.name(),
            request.version(),
            network.architecture(),
            request.config().width(),
            request.labels(),
            request.preprocessing(),
            ModelMetadata.Signatures.DEFAULT);
    SavedModelExporter.export(weights, metadata, request.out(), runtime);
    return metadata;
  }
}
