package io.mnasnet.trainer.imports;

import io.mnasnet.trainer.io.DType;
import io.mnasnet.trainer.io.SafeTensor;
import io.mnasnet.trainer.io.SafetensorsFile;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterRole;
import io.mnasnet.trainer.model.ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a torchvision {@code MNASNet} {@code state_dict} (as read from a safetensors file) onto a
 * {@link Network}: checks every key against the architecture (missing and unexpected keys, shapes,
 * element types), then transposes each tensor from PyTorch's layout to TensorFlow's (conv OIHW to
 * HWIO, depthwise {@code [C,1,kh,kw]} to {@code [kh,kw,C,1]}, linear {@code [out,in]} to {@code
 * [in,out]}).
 *
 * <p>BatchNorm's {@code num_batches_tracked} counters are accepted and ignored (they only matter to
 * PyTorch's cumulative-average momentum, which torchvision does not use). Floating-point tensors of
 * other widths (F16, BF16, F64) are converted to float32.
 */
public final class TorchvisionStateDict {

  private static final String BATCHES_TRACKED = ".num_batches_tracked";
  private static final Set<DType> FLOATS = Set.of(DType.F32, DType.F64, DType.F16, DType.BF16);
  private static final Set<DType> INTEGERS = Set.of(DType.I64, DType.I32, DType.I16, DType.I8);

  private TorchvisionStateDict() {}

  /**
   * The weights in {@code file} for {@code network}, in TensorFlow layout.
   *
   * @throws StateDictMismatchException listing every key that does not fit, with hints on {@code
   *     --width} and {@code --classes} where the shapes tell
   */
  public static ModelWeights toWeights(SafetensorsFile file, Network network)
      throws StateDictMismatchException {
    Map<String, ParameterSpec> expected = network.parametersByName();
    Set<String> batchNorms = batchNormModules(network);
    List<String> problems = new ArrayList<>();
    Map<String, float[]> values = new LinkedHashMap<>();

    for (ParameterSpec spec : expected.values()) {
      SafeTensor tensor = file.tensors().get(spec.name());
      if (tensor == null) {
        problems.add(
            "missing key '" + spec.name() + "' (expected F32 " + shape(spec.torchShape()) + ")");
      } else if (check(tensor, spec, network, problems)) {
        values.put(
            spec.name(),
            Transpose.permute(
                tensor.toFloatArray(),
                spec.torchShape(),
                spec.role().torchToTensorFlowPermutation()));
      }
    }
    for (SafeTensor tensor : file.tensors().values()) {
      String name = tensor.name();
      if (expected.containsKey(name)) {
        continue;
      }
      if (name.endsWith(BATCHES_TRACKED)
          && batchNorms.contains(name.substring(0, name.length() - BATCHES_TRACKED.length()))) {
        if (!INTEGERS.contains(tensor.dtype()) || tensor.elementCount() != 1) {
          problems.add(
              "key '"
                  + name
                  + "' should be an integer scalar, is "
                  + tensor.dtype()
                  + " "
                  + shape(tensor.shape()));
        }
        continue;
      }
      problems.add(
          "unexpected key '"
              + name
              + "' ("
              + tensor.dtype()
              + " "
              + shape(tensor.shape())
              + "): not a parameter of "
              + describe(network));
    }
    if (!problems.isEmpty()) {
      throw new StateDictMismatchException(file.source(), describe(network), problems);
    }
    return ModelWeights.of(network, values);
  }

  private static boolean check(
      SafeTensor tensor, ParameterSpec spec, Network network, List<String> problems) {
    boolean ok = true;
    if (!FLOATS.contains(tensor.dtype())) {
      problems.add(
          "key '"
              + spec.name()
              + "' has dtype "
              + tensor.dtype()
              + ", expected a floating-point type (F32, F16, BF16 or F64)");
      ok = false;
    }
    if (!Arrays.equals(tensor.shape(), spec.torchShape())) {
      problems.add(
          "key '"
              + spec.name()
              + "' has shape "
              + shape(tensor.shape())
              + ", expected "
              + shape(spec.torchShape())
              + hint(tensor, spec, network));
      ok = false;
    }
    return ok;
  }

  /** Where the file's shapes reveal a different configuration, say which option to change. */
  private static String hint(SafeTensor tensor, ParameterSpec spec, Network network) {
    long[] shape = tensor.shape();
    if (spec.role() == ParameterRole.DENSE_WEIGHT && shape.length == 2) {
      return " (the file has " + shape[0] + " classes: pass --classes " + shape[0] + ")";
    }
    if (spec.name().equals("layers.0.weight") && shape.length == 4) {
      return " (the file's stem has "
          + shape[0]
          + " channels, the architecture at width "
          + network.config().width()
          + " has "
          + spec.torchShape()[0]
          + ": check --width)";
    }
    return "";
  }

  private static Set<String> batchNormModules(Network network) {
    Set<String> modules = new java.util.HashSet<>();
    for (ParameterSpec spec : network.parameters()) {
      if (spec.role() == ParameterRole.BATCH_NORM_MOVING_MEAN) {
        modules.add(spec.name().substring(0, spec.name().lastIndexOf('.')));
      }
    }
    return modules;
  }

  private static String describe(Network network) {
    MnasNetConfig config = network.config();
    return String.format(
        Locale.ROOT,
        "%s (width %s, %d classes)",
        network.architecture(),
        config.width(),
        config.numClasses());
  }

  private static String shape(long[] shape) {
    return Arrays.toString(shape);
  }

  /** Convenience: the architecture for {@code config}, then {@link #toWeights}. */
  public static ModelWeights toWeights(SafetensorsFile file, MnasNetConfig config)
      throws StateDictMismatchException {
    return toWeights(file, MnasNetB1.network(config));
  }
}
