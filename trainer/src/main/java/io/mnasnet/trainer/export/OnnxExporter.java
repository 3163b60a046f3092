package io.mnasnet.trainer.export;

import static io.mnasnet.trainer.export.OnnxGraph.integer;
import static io.mnasnet.trainer.export.OnnxGraph.ints;

import io.mnasnet.inference.savedmodel.ServingContract;
import io.mnasnet.schemas.ModelMetadata.OnnxExport;
import io.mnasnet.trainer.export.onnx.ModelProto;
import io.mnasnet.trainer.export.onnx.OperatorSetIdProto;
import io.mnasnet.trainer.model.BatchNorm;
import io.mnasnet.trainer.model.Convolution;
import io.mnasnet.trainer.model.Dropout;
import io.mnasnet.trainer.model.GlobalAveragePool;
import io.mnasnet.trainer.model.InvertedResidual;
import io.mnasnet.trainer.model.Layer;
import io.mnasnet.trainer.model.Linear;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterSpec;
import io.mnasnet.trainer.model.Relu;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a network and its weights as an ONNX model ({@code model.onnx}), from the project's own
 * architecture table ({@link Network}) and {@link ModelWeights}: no Python, no TensorFlow graph in
 * between. What ONNX Runtime serves on a CPU.
 *
 * <p>The graph: input {@code images} float32 {@code [N, S, S, 3]} NHWC, as the SavedModel's {@code
 * serving_default} takes it (so both engines are fed the same buffer), transposed once to NCHW;
 * every convolution with the batch norm after it folded into one {@code Conv} with bias ({@code W *
 * s}, {@code beta - mean * s}, {@code s = gamma / sqrt(var + eps)}, computed in double and rounded
 * once); {@code Relu}, the residual {@code Add}, {@code GlobalAveragePool}, {@code Flatten}, the
 * classifier as {@code Gemm}; outputs {@code logits} and {@code probabilities} ({@code Softmax})
 * {@code [N, classes]}. Dropout is the identity at inference and is left out. Convolutions pad
 * {@code k / 2} on every side, as PyTorch does.
 *
 * <p>Opset {@value #OPSET} (IR version {@value #IR_VERSION}), read by ONNX Runtime 1.18 and later.
 */
public final class OnnxExporter {

  /** The version of the default operator set ({@code ai.onnx}) the graph imports. */
  public static final int OPSET = 21;

  /** The ONNX IR version that goes with {@link #OPSET} (ONNX 1.16). */
  public static final int IR_VERSION = 10;

  /** The file name in a model version directory. */
  public static final String FILE_NAME = OnnxExport.FILE_NAME;

  private OnnxExporter() {}

  /**
   * Writes {@code weights} as {@code dir/model.onnx} (replacing it atomically if it exists).
   *
   * @return what {@code mnasnet.json} records of it
   */
  public static OnnxExport write(ModelWeights weights, Path dir) throws IOException {
    ModelProto model = model(weights);
    Path target = dir.resolve(FILE_NAME);
    Path partial = dir.resolve(FILE_NAME + ".partial");
    MessageDigest sha256 = sha256();
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
      model.writeTo(out);
    }
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new OnnxExport(FILE_NAME, OPSET, HexFormat.of().formatHex(sha256.digest()));
  }

  /** The ONNX model of {@code weights}' network. */
  static ModelProto model(ModelWeights weights) {
    Network network = weights.network();
    int size = network.config().imageSize();
    int classes = network.config().numClasses();
    OnnxGraph graph = new OnnxGraph(network.architecture());
    graph.input(ServingContract.IMAGES, -1, size, size, 3);
    String x =
        graph.node(
            "Transpose", "images_nchw", List.of(ServingContract.IMAGES), ints("perm", 0, 3, 1, 2));
    String logits =
        new LayerWriter(graph, weights).writeAll(network.layers(), x, ServingContract.LOGITS);
    graph.node("Softmax", ServingContract.PROBABILITIES, List.of(logits), integer("axis", 1));
    graph.output(ServingContract.LOGITS, -1, classes);
    graph.output(ServingContract.PROBABILITIES, -1, classes);
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("mnasnet-kafka")
        .setDocString(
            network.architecture()
                + " width "
                + network.config().width()
                + ", "
                + classes
                + " classes, "
                + size
                + "x"
                + size
                + " NHWC input; batch norm folded into the convolutions")
        .setGraph(graph.build())
        .build();
  }

  /** One pass over the layer table, each layer's nodes named after its module path. */
  private static final class LayerWriter {
    private final OnnxGraph graph;
    private final ModelWeights weights;
    private final double epsilon;

    LayerWriter(OnnxGraph graph, ModelWeights weights) {
      this.graph = graph;
      this.weights = weights;
      this.epsilon = weights.network().config().batchNormEpsilon();
    }

    /** Writes {@code layers} on {@code x}; the last node's output is named {@code lastName}. */
    String writeAll(List<Layer> layers, String x, String lastName) {
      String y = x;
      for (int i = 0; i < layers.size(); i++) {
        Layer layer = layers.get(i);
        if (layer instanceof Convolution conv
            && i + 1 < layers.size()
            && layers.get(i + 1) instanceof BatchNorm norm) {
          y = convolution(y, conv, norm);
          i++;
        } else {
          y = write(layer, y, lastName != null && i == layers.size() - 1 ? lastName : null);
        }
      }
      return y;
    }

    private String write(Layer layer, String x, String outputName) {
      String out = outputName != null ? outputName : layer.name();
      if (layer instanceof Convolution conv) {
        return convolution(x, conv, null);
      } else if (layer instanceof Relu) {
        return graph.node("Relu", out, List.of(x));
      } else if (layer instanceof InvertedResidual block) {
        String y = writeAll(block.layers(), x, null);
        // No ReLU after the addition (linear bottleneck).
        return block.residual() ? graph.node("Add", out, List.of(y, x)) : y;
      } else if (layer instanceof GlobalAveragePool) {
        String pooled = graph.node("GlobalAveragePool", layer.name() + ".nchw", List.of(x));
        return graph.node("Flatten", out, List.of(pooled), integer("axis", 1));
      } else if (layer instanceof Dropout) {
        return x; // the identity at inference
      } else if (layer instanceof Linear linear) {
        // Gemm: Y = X B + C with B in TensorFlow's [in, out] layout as stored
        String w =
            graph.initializer(
                linear.weightName(),
                new long[] {linear.inFeatures(), linear.outFeatures()},
                weights.get(linear.weightName()));
        String b =
            graph.initializer(
                linear.biasName(),
                new long[] {linear.outFeatures()},
                weights.get(linear.biasName()));
        return graph.node("Gemm", out, List.of(x, w, b));
      }
      throw new IllegalArgumentException(
          layer.name() + ": no ONNX form for " + layer.description());
    }

    /** A convolution, with {@code norm} folded into its weights and bias when given. */
    private String convolution(String x, Convolution conv, BatchNorm norm) {
      ParameterSpec spec = conv.parameters().get(0);
      float[] kernel = torchLayout(spec, weights.get(spec.name()));
      long[] dims = spec.torchShape();
      String w;
      String b = null;
      if (norm == null) {
        w = graph.initializer(spec.name(), dims, kernel);
      } else {
        Folded folded = fold(kernel, norm);
        w = graph.initializer(norm.name() + ".folded_weight", dims, folded.kernel());
        b = graph.initializer(norm.name() + ".folded_bias", new long[] {dims[0]}, folded.bias());
      }
      long p = conv.padding();
      String out = norm == null ? conv.name() : norm.name();
      return graph.node(
          "Conv",
          out,
          b == null ? List.of(x, w) : List.of(x, w, b),
          ints("kernel_shape", conv.kernelSize(), conv.kernelSize()),
          ints("strides", conv.stride(), conv.stride()),
          ints("pads", p, p, p, p),
          integer("group", conv.depthwise() ? conv.inChannels() : 1));
    }

    private record Folded(float[] kernel, float[] bias) {}

    /** {@code W * s} per output channel and {@code beta - mean * s}, in double. */
    private Folded fold(float[] torchKernel, BatchNorm norm) {
      float[] gamma = weights.get(norm.gammaName());
      float[] beta = weights.get(norm.betaName());
      float[] mean = weights.get(norm.movingMeanName());
      float[] variance = weights.get(norm.movingVarianceName());
      int outChannels = gamma.length;
      int perChannel = torchKernel.length / outChannels;
      float[] kernel = new float[torchKernel.length];
      float[] bias = new float[outChannels];
      for (int o = 0; o < outChannels; o++) {
        double scale = gamma[o] / Math.sqrt((double) variance[o] + epsilon);
        for (int k = o * perChannel; k < (o + 1) * perChannel; k++) {
          kernel[k] = (float) (torchKernel[k] * scale);
        }
        bias[o] = (float) (beta[o] - mean[o] * scale);
      }
      return new Folded(kernel, bias);
    }
  }

  /**
   * {@code tensorFlow} (in {@code spec}'s TensorFlow layout, e.g. HWIO) rearranged into PyTorch's
   * layout (OIHW), which ONNX's {@code Conv} uses.
   */
  static float[] torchLayout(ParameterSpec spec, float[] tensorFlow) {
    long[] torchShape = spec.torchShape();
    long[] tfShape = spec.tensorFlowShape();
    int[] permutation = spec.role().torchToTensorFlowPermutation();
    int rank = torchShape.length;
    long[] torchStrides = new long[rank];
    long stride = 1;
    for (int a = rank - 1; a >= 0; a--) {
      torchStrides[a] = stride;
      stride *= torchShape[a];
    }
    float[] torch = new float[tensorFlow.length];
    long[] index = new long[rank]; // TensorFlow multi-index, row-major
    for (int flat = 0; flat < tensorFlow.length; flat++) {
      long target = 0;
      for (int i = 0; i < rank; i++) {
        // TensorFlow axis i is PyTorch axis permutation[i]
        target += index[i] * torchStrides[permutation[i]];
      }
      torch[(int) target] = tensorFlow[flat];
      for (int i = rank - 1; i >= 0; i--) {
        if (++index[i] < tfShape[i]) {
          break;
        }
        index[i] = 0;
      }
    }
    return torch;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
