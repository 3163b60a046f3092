package io.mnasnet.trainer.training;

import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.trainer.model.Linear;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning a model to a new label list: the classifier's rows follow the class names, so a class
 * both lists share keeps what the model learnt about it (wherever it sits in the new list) and a
 * new class starts at zero (logit 0, as the small initial weights of a fresh classifier nearly
 * give). Without this, a list of the same length in another order would silently keep rows that
 * mean other classes.
 */
final class ClassifierRemap {

  private ClassifierRemap() {}

  /**
   * {@code weights} with the classifier arranged for {@code classes}, when {@code source} is an
   * exported model whose label list differs; otherwise {@code weights} unchanged.
   */
  static ModelWeights toClasses(ModelWeights weights, Path source, List<String> classes)
      throws IOException {
    if (source == null || !ModelDirectory.isSavedModel(source)) {
      return weights;
    }
    List<String> from = ModelMetadataFile.read(source).labels();
    return from.equals(classes) ? weights : remap(weights, from, classes);
  }

  static ModelWeights remap(ModelWeights weights, List<String> from, List<String> to) {
    Network source = weights.network();
    MnasNetConfig config = source.config();
    Network target =
        MnasNetB1.network(MnasNetConfig.of(config.width(), to.size(), config.imageSize()));
    Linear classifier = (Linear) target.layers().get(target.layers().size() - 1);
    int features = classifier.inFeatures();
    float[] oldWeight = weights.get(classifier.weightName()); // TensorFlow layout [in, out]
    float[] oldBias = weights.get(classifier.biasName());
    float[] weight = new float[features * to.size()];
    float[] bias = new float[to.size()];
    for (int j = 0; j < to.size(); j++) {
      int i = from.indexOf(to.get(j));
      if (i < 0) {
        continue;
      }
      bias[j] = oldBias[i];
      for (int f = 0; f < features; f++) {
        weight[f * to.size() + j] = oldWeight[f * from.size() + i];
      }
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParameterSpec spec : target.parameters()) {
      values.put(spec.name(), weights.get(spec.name()));
    }
    values.put(classifier.weightName(), weight);
    values.put(classifier.biasName(), bias);
    return ModelWeights.of(target, values);
  }
}
