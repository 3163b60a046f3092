package io.mnasnet.trainer.training;

import io.mnasnet.trainer.io.SafeTensor;
import io.mnasnet.trainer.io.Safetensors;
import io.mnasnet.trainer.io.SafetensorsFile;
import io.mnasnet.trainer.model.ModelVariables;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A network's weights held in Java memory by {@code state_dict} name, in TensorFlow layout: read
 * from a session, a torchvision {@code .safetensors} file, an exported SavedModel or an inference
 * checkpoint, and assigned to the variables of another graph. This is how the trainer fine-tunes
 * from pretrained weights and hands the weights it trains to its evaluation graph.
 */
public final class ModelWeights {

  /** One tensor: TensorFlow-layout shape and row-major values. */
  public record Values(long[] shape, float[] data) {}

  private final Map<String, Values> values;

  private ModelWeights(Map<String, Values> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** The weights by name. */
  public Map<String, Values> values() {
    return values;
  }

  /**
   * Reads variables from {@code session}.
   *
   * @param variables the variables to read, keyed by the name the weights get (e.g. the {@code
   *     state_dict} name of a moving-average variable)
   */
  public static ModelWeights fetch(
      Session session, Map<String, ? extends Operand<TFloat32>> variables) {
    List<String> names = new ArrayList<>(variables.keySet());
    Session.Runner runner = session.runner();
    names.forEach(name -> runner.fetch(variables.get(name)));
    Map<String, Values> fetched = new LinkedHashMap<>();
    try (Result result = runner.run()) {
      for (int i = 0; i < names.size(); i++) {
        fetched.put(names.get(i), copy((TFloat32) result.get(i)));
      }
    }
    return new ModelWeights(fetched);
  }

  /**
   * Reads a torchvision {@code state_dict} saved as safetensors (e.g. {@code
   * torchvision.models.mnasnet0_5().state_dict()}), converting PyTorch layouts (OIHW kernels,
   * {@code [out,in]} matrices) to TensorFlow's. Tensors the network does not have ({@code
   * num_batches_tracked}) are ignored.
   */
  public static ModelWeights fromSafetensors(Path file, Network network) throws IOException {
    SafetensorsFile content = Safetensors.read(file);
    Map<String, Values> converted = new LinkedHashMap<>();
    for (ParameterSpec spec : network.parameters()) {
      if (!content.contains(spec.name())) {
        continue;
      }
      SafeTensor tensor = content.require(spec.name());
      long[] torchShape = tensor.shape();
      int[] permutation = spec.role().torchToTensorFlowPermutation();
      if (torchShape.length != permutation.length) {
        throw new IOException(
            file
                + ": tensor "
                + spec.name()
                + " has shape "
                + Arrays.toString(torchShape)
                + ", expected rank "
                + permutation.length
                + " like "
                + Arrays.toString(spec.torchShape()));
      }
      converted.put(spec.name(), permute(tensor.toFloatArray(), torchShape, permutation));
    }
    if (converted.isEmpty()) {
      throw new IOException(
          file
              + " has none of the network's tensors (e.g. layers.0.weight): not a torchvision"
              + " MNASNet state_dict");
    }
    return new ModelWeights(converted);
  }

  /** Reads the variables of an exported SavedModel (tag {@code serve}) by name. */
  public static ModelWeights fromSavedModel(Path directory, Network network) throws IOException {
    if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
      throw new IOException(directory + " is not a SavedModel directory (no saved_model.pb)");
    }
    try (SavedModelBundle bundle = SavedModelBundle.load(directory.toString(), "serve")) {
      List<String> present = new ArrayList<>();
      for (String name : network.parametersByName().keySet()) {
        if (bundle.graph().operation(name) != null) {
          present.add(name);
        }
      }
      if (present.isEmpty()) {
        throw new IOException(
            directory
                + " has no variables named like the network's (e.g. layers.0.weight): not an"
                + " MnasNet SavedModel exported by this project");
      }
      Session.Runner runner = bundle.session().runner();
      present.forEach(runner::fetch);
      Map<String, Values> fetched = new LinkedHashMap<>();
      try (Result result = runner.run()) {
        for (int i = 0; i < present.size(); i++) {
          fetched.put(present.get(i), copy((TFloat32) result.get(i)));
        }
      }
      return new ModelWeights(fetched);
    }
  }

  /**
   * Reads an inference checkpoint (e.g. {@code RUN_DIR/best/weights}, written by {@link
   * InferenceGraph#save}) of {@code network}.
   */
  public static ModelWeights fromCheckpoint(Path prefix, Network network) throws IOException {
    try (InferenceGraph graph = new InferenceGraph(network)) {
      graph.restore(prefix);
      return graph.weights();
    }
  }

  /**
   * Assigns these weights to the variables of the same names in {@code session}'s graph, with
   * assignment ops added to that graph (call once per graph).
   *
   * @param skipMismatchedClassifier leave the classifier ({@code classifier.*}) at its initial
   *     value when its shape differs (fine-tuning to another number of classes) instead of failing
   * @return names of the network's variables that were not assigned (absent here, or a skipped
   *     classifier)
   * @throws IllegalArgumentException if a shape differs (other than a skipped classifier)
   */
  public List<String> assignTo(
      Session session, ModelVariables variables, boolean skipMismatchedClassifier) {
    Ops tf = Ops.create(session.graph());
    List<String> skipped = new ArrayList<>();
    Session.Runner runner = session.runner();
    List<TFloat32> fed = new ArrayList<>();
    try {
      for (ParameterSpec spec : variables.network().parameters()) {
        Values value = values.get(spec.name());
        if (value == null) {
          skipped.add(spec.name());
          continue;
        }
        long[] expected = spec.tensorFlowShape();
        if (!Arrays.equals(expected, value.shape())) {
          if (skipMismatchedClassifier && spec.name().startsWith("classifier.")) {
            skipped.add(spec.name());
            continue;
          }
          throw new IllegalArgumentException(
              "weight "
                  + spec.name()
                  + " has shape "
                  + Arrays.toString(value.shape())
                  + " but the network expects "
                  + Arrays.toString(expected)
                  + "; was it trained with another width?");
        }
        Placeholder<TFloat32> input =
            tf.withName("pretrained." + spec.name())
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(expected)));
        runner.addTarget(
            tf.withName("load_pretrained." + spec.name())
                .assign(variables.get(spec.name()), input));
        TFloat32 tensor =
            TFloat32.tensorOf(Shape.of(expected), DataBuffers.of(value.data(), true, false));
        fed.add(tensor);
        runner.feed(input, tensor);
      }
      if (!fed.isEmpty()) {
        runner.run().close();
      }
    } finally {
      fed.forEach(TFloat32::close);
    }
    return skipped;
  }

  private static Values copy(TFloat32 tensor) {
    long[] shape = tensor.shape().asArray();
    float[] data = new float[(int) tensor.size()];
    tensor.copyTo(DataBuffers.of(data, false, false));
    return new Values(shape, data);
  }

  /** Transposes a row-major array: output axis {@code i} is input axis {@code permutation[i]}. */
  static Values permute(float[] data, long[] shape, int[] permutation) {
    int rank = shape.length;
    long[] outShape = new long[rank];
    for (int i = 0; i < rank; i++) {
      outShape[i] = shape[permutation[i]];
    }
    long[] inStrides = strides(shape);
    float[] out = new float[data.length];
    int[] index = new int[rank]; // position in the output, odometer style
    for (int o = 0; o < out.length; o++) {
      long source = 0;
      for (int i = 0; i < rank; i++) {
        source += index[i] * inStrides[permutation[i]];
      }
      out[o] = data[(int) source];
      for (int i = rank - 1; i >= 0; i--) {
        if (++index[i] < outShape[i]) {
          break;
        }
        index[i] = 0;
      }
    }
    return new Values(outShape, out);
  }

  private static long[] strides(long[] shape) {
    long[] strides = new long[shape.length];
    long stride = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = stride;
      stride *= shape[i];
    }
    return strides;
  }
}
