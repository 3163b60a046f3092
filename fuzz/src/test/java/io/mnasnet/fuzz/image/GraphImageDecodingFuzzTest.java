package io.mnasnet.fuzz.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.inference.image.DecodeBudget;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.preprocessing.PreprocessingGraph;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.trainer.export.StandardPreprocessing;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Serving-time decoding inside TensorFlow: the preprocessing graph of the {@code serving_encoded}
 * signature ({@link PreprocessingGraph}; the ONNX Runtime engine runs the same graph), for both
 * recipes (pad, and resize with a centre crop, which decodes JPEGs at a reduced DCT scale), behind
 * the header check every engine makes first ({@link ImageSizeLimit#refusal(byte[])}). Every input
 * is refused by the check, refused by TensorFlow with an error, or preprocessed to finite floats;
 * the process's CPU per input (TensorFlow runs ops on its own threads) stays within twice the
 * {@link DecodeBudget} of the limit. Slow per input (a session call each): seconds in {@code mvn
 * verify}, minutes with {@code -Pfuzz-long}.
 */
class GraphImageDecodingFuzzTest {
  private static final ImageSizeLimit LIMIT = new ImageSizeLimit(512L * 512);
  private static final int SIZE = 32;

  private static final InputContract CONTRACT =
      InputContract.of(
              "graph-image-decoding",
              Duration.ofNanos(2 * DecodeBudget.cpuNanos(LIMIT)),
              DecodeBudget.heapBytes(LIMIT))
          .chargingTheWholeProcess()
          .refusing(
              RefusedByHeader.class, TFInvalidArgumentException.class, TensorFlowException.class);

  private static Graph graph;
  private static Session session;
  private static List<ConcreteFunction> functions;
  private static Placeholder<TString> encoded;
  private static List<Operand<TFloat32>> outputs;

  @BeforeAll
  static void buildGraph() {
    List<Preprocessing> recipes =
        List.of(
            StandardPreprocessing.fashionMnist(SIZE),
            new Preprocessing(
                SIZE,
                Preprocessing.RESIZE_CENTER_CROP,
                37,
                StandardPreprocessing.IMAGENET_MEAN,
                StandardPreprocessing.IMAGENET_STD,
                Preprocessing.GRAYSCALE_REPLICATE));
    graph = new Graph();
    Ops tf = Ops.create(graph);
    encoded = tf.placeholder(TString.class, Placeholder.shape(Shape.of(1)));
    functions = recipes.stream().map(PreprocessingGraph::singleImage).toList();
    outputs =
        functions.stream()
            .map(function -> PreprocessingGraph.batch(tf, encoded, function, SIZE))
            .toList();
    session = ResolvedRuntime.cpuOnly().session(graph);
  }

  @FuzzTest
  void preprocessesOrRefusesEveryImage(byte[] image) {
    CONTRACT
        .check(
            () -> {
              Optional<String> refusal = LIMIT.refusal(image);
              if (refusal.isPresent()) {
                throw new RefusedByHeader(refusal.get());
              }
              return preprocess(image);
            })
        .ifPresent(
            pixels -> {
              for (float[] recipe : pixels) {
                assertThat(recipe).hasSize(SIZE * SIZE * 3);
                for (float value : recipe) {
                  assertThat(Float.isFinite(value)).as("finite pixels").isTrue();
                }
              }
            });
  }

  private static float[][] preprocess(byte[] image) {
    try (TString input = TString.tensorOfBytes(NdArrays.vectorOfObjects(image))) {
      Session.Runner runner = session.runner().feed(encoded, input);
      outputs.forEach(runner::fetch);
      try (Result result = runner.run()) {
        float[][] pixels = new float[outputs.size()][SIZE * SIZE * 3];
        for (int i = 0; i < outputs.size(); i++) {
          ((TFloat32) result.get(i))
              .copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(pixels[i]));
        }
        return pixels;
      }
    }
  }

  /** The header check refused the image before TensorFlow saw it. */
  static final class RefusedByHeader extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedByHeader(String reason) {
      super(reason);
    }
  }

  @AfterAll
  static void close() {
    CONTRACT.report();
    session.close();
    graph.close();
    functions.forEach(ConcreteFunction::close);
  }
}
