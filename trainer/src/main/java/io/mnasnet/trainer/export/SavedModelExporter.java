package io.mnasnet.trainer.export;

import io.mnasnet.inference.preprocessing.PreprocessingGraph;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.savedmodel.ServingContract;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.model.ForwardPass;
import io.mnasnet.trainer.model.MnasNetGraphBuilder;
import io.mnasnet.trainer.model.Mode;
import io.mnasnet.trainer.model.ModelVariables;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Writes a model directory: a standard SavedModel ({@code saved_model.pb} + {@code variables/}, tag
 * {@code serve}) of the inference graph (BatchNorm on moving statistics, no dropout), the same
 * weights as {@code model.onnx} ({@link OnnxExporter}, what ONNX Runtime serves on a CPU), and
 * {@code mnasnet.json} ({@link ModelMetadata}, recording the ONNX file) beside them.
 *
 * <p>Signatures:
 *
 * <ul>
 *   <li>{@code serving_default}: {@code images} float32 {@code [N, S, S, 3]}, already preprocessed
 *       -> {@code logits}, {@code probabilities} float32 {@code [N, classes]}.
 *   <li>{@code serving_encoded}: {@code encoded_images} string {@code [N]} of PNG/JPEG bytes,
 *       decoded and preprocessed in the graph as the metadata says ({@link PreprocessingGraph}) ->
 *       the same outputs.
 * </ul>
 *
 * <p>The variables keep torchvision's {@code state_dict} names and values. The graph carries no
 * device, so it runs wherever it is loaded.
 */
public final class SavedModelExporter {

  /** The SavedModel tag of the exported graph. */
  public static final String TAG = ServingContract.TAG;

  /**
   * How the inference graph is built.
   *
   * @param foldBatchNorm compute each convolution + BatchNorm pair as one convolution with bias
   *     ({@link MnasNetGraphBuilder#inferenceWithFoldedBatchNorm}); same results within 1e-5, the
   *     variables keep their torchvision values
   * @param onnx also write {@code model.onnx} ({@link OnnxExporter}) and record it in {@code
   *     mnasnet.json}
   */
  public record Options(boolean foldBatchNorm, boolean onnx) {
    /**
     * BatchNorm as its own op in the SavedModel (folding was measured no faster in TensorFlow), and
     * {@code model.onnx} beside it.
     */
    public static final Options DEFAULT = new Options(false, true);

    /** {@code foldBatchNorm} as given, with {@code model.onnx}. */
    public Options(boolean foldBatchNorm) {
      this(foldBatchNorm, true);
    }
  }

  private SavedModelExporter() {}

  /**
   * Exports {@code weights} (e.g. imported from PyTorch) to {@code dir}, in Sessions of {@code
   * runtime}.
   *
   * @throws FileAlreadyExistsException if {@code dir} exists and is not empty
   * @throws IllegalArgumentException if {@code metadata} does not fit the network
   */
  public static void export(
      ModelWeights weights, ModelMetadata metadata, Path dir, ResolvedRuntime runtime)
      throws IOException {
    export(weights, metadata, dir, runtime, Options.DEFAULT);
  }

  /**
   * {@link #export(ModelWeights, ModelMetadata, Path, ResolvedRuntime)} with explicit {@code
   * options}.
   */
  public static void export(
      ModelWeights weights,
      ModelMetadata metadata,
      Path dir,
      ResolvedRuntime runtime,
      Options options)
      throws IOException {
    checkMetadata(weights.network(), metadata);
    checkTarget(dir);
    Path scratch = Files.createTempDirectory("mnasnet-export-");
    try {
      Path checkpoint = scratch.resolve("weights");
      weights.writeCheckpoint(checkpoint, runtime);
      exportCheckpoint(weights.network(), checkpoint, metadata, dir, runtime, options);
    } finally {
      deleteRecursively(scratch);
    }
  }

  /**
   * Exports the variables saved at {@code checkpointPrefix} ({@code Session.save} of a graph built
   * on {@link ModelVariables} of {@code network}, e.g. by a trainer) to {@code dir}, in a Session
   * of {@code runtime}.
   *
   * @throws FileAlreadyExistsException if {@code dir} exists and is not empty
   * @throws IllegalArgumentException if {@code metadata} does not fit the network
   */
  public static void exportCheckpoint(
      Network network,
      Path checkpointPrefix,
      ModelMetadata metadata,
      Path dir,
      ResolvedRuntime runtime)
      throws IOException {
    exportCheckpoint(network, checkpointPrefix, metadata, dir, runtime, Options.DEFAULT);
  }

  /**
   * {@link #exportCheckpoint(Network, Path, ModelMetadata, Path, ResolvedRuntime)} with explicit
   * {@code options}.
   */
  public static void exportCheckpoint(
      Network network,
      Path checkpointPrefix,
      ModelMetadata metadata,
      Path dir,
      ResolvedRuntime runtime,
      Options options)
      throws IOException {
    checkMetadata(network, metadata);
    checkTarget(dir);
    int size = metadata.preprocessing().imageSize();
    try (Graph graph = new Graph();
        ConcreteFunction decode = PreprocessingGraph.singleImage(metadata.preprocessing())) {
      Ops tf = Ops.create(graph);
      ModelVariables variables =
          ModelVariables.create(tf, network, ParameterInitializer.torchvision(0));

      Placeholder<TFloat32> images =
          tf.withName("images")
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      Signature normalized =
          servingSignature(
              tf.withSubScope("normalized"),
              metadata.signatures().normalized(),
              "images",
              images,
              images,
              variables,
              options);

      Placeholder<TString> encoded =
          tf.withName("encoded_images").placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> decoded =
          PreprocessingGraph.batch(tf.withSubScope("decode"), encoded, decode, size);
      Signature fromEncoded =
          servingSignature(
              tf.withSubScope("encoded"),
              metadata.signatures().encoded(),
              "encoded_images",
              encoded,
              decoded,
              variables,
              options);

      ModelWeights weights;
      try (Session session = runtime.session(graph)) {
        session.restore(checkpointPrefix.toString());
        weights = options.onnx() ? ModelWeights.fetch(session, variables) : null;
        Files.createDirectories(dir);
        SavedModelBundle.exporter(dir.toString())
            .withTags(TAG)
            .withSession(session)
            .withFunction(SessionFunction.create(normalized, session))
            .withFunction(SessionFunction.create(fromEncoded, session))
            .export();
      }
      ModelMetadataFile.write(
          dir, weights == null ? metadata : metadata.withOnnx(OnnxExporter.write(weights, dir)));
    }
  }

  private static Signature servingSignature(
      Ops tf,
      String key,
      String inputName,
      Operand<?> input,
      Operand<TFloat32> images,
      ModelVariables variables,
      Options options) {
    ForwardPass pass =
        options.foldBatchNorm()
            ? MnasNetGraphBuilder.inferenceWithFoldedBatchNorm(tf, images, variables)
            : MnasNetGraphBuilder.forward(tf, images, variables, Mode.INFERENCE);
    Operand<TFloat32> logits = tf.withName("logits").identity(pass.logits());
    Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(pass.logits());
    return Signature.builder()
        .key(key)
        .input(inputName, input)
        .output("logits", logits)
        .output("probabilities", probabilities)
        .build();
  }

  private static void checkMetadata(Network network, ModelMetadata metadata) {
    PreprocessingGraph.validate(metadata.preprocessing());
    if (metadata.labels().size() != network.config().numClasses()) {
      throw new IllegalArgumentException(
          "the metadata has "
              + metadata.labels().size()
              + " labels, the network "
              + network.config().numClasses()
              + " classes");
    }
    if (metadata.preprocessing().imageSize() != network.config().imageSize()) {
      throw new IllegalArgumentException(
          "preprocessing.imageSize "
              + metadata.preprocessing().imageSize()
              + " differs from the network's image size "
              + network.config().imageSize());
    }
    if (!network.architecture().equals(metadata.architecture())
        || network.config().width() != metadata.width()) {
      throw new IllegalArgumentException(
          "the metadata describes "
              + metadata.architecture()
              + " width "
              + metadata.width()
              + ", the network is "
              + network.architecture()
              + " width "
              + network.config().width());
    }
  }

  private static void checkTarget(Path dir) throws IOException {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
      }
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new FileAlreadyExistsException(
              dir.toString(), null, "exists and is not empty; choose another directory");
        }
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
