package io.mnasnet.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.preprocessing.PreprocessingGraph;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

class PreprocessingGraphTest {

  private static final Preprocessing FASHION = StandardPreprocessing.fashionMnist(32);
  private static final double BLACK = -0.2860 / 0.3530;

  @Test
  void fashionMnistPngsBecomeExactlyTheReferenceInput() {
    byte[] pixels = TorchvisionFixture.npy("images_uint8.npy").unsignedBytes();
    List<byte[]> pngs = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pngs.add(
          ImageEncoding.encodeGreyPng(
              java.util.Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784), 28, 28));
    }
    float[] expected = TorchvisionFixture.inputNhwc();

    float[] actual = run(FASHION, pngs);

    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("value %d", i).isCloseTo(expected[i], within(1e-5f));
    }
  }

  /**
   * The normalisation multiplies and adds operands of the image's full shape. With {@code [3]}
   * constants TensorFlow takes its generic broadcasting path, which copies the three values block
   * by block: ~1 ms of CPU per 224x224 image, more than decoding a 256x256 JPEG (BENCHMARKS.md).
   * The values are checked by the other tests; this one keeps the cheap form.
   */
  @Test
  void normalisesWithFullShapeOperandsNotAThreeValueBroadcast() {
    for (Preprocessing preprocessing : List.of(FASHION, StandardPreprocessing.imageNet(224))) {
      try (ConcreteFunction single = PreprocessingGraph.singleImage(preprocessing)) {
        FunctionDef function = single.getFunctionDef();
        Map<String, NodeDef> nodes = new HashMap<>();
        function.getNodeDefList().forEach(node -> nodes.put(node.getName(), node));

        List<NodeDef> floatArithmetic =
            function.getNodeDefList().stream()
                .filter(node -> List.of("Mul", "Add", "AddV2").contains(node.getOp()))
                .filter(node -> node.getAttrOrThrow("T").getType() == DataType.DT_FLOAT)
                .toList();

        assertThat(floatArithmetic)
            .as("the normalisation's Mul and Add")
            .hasSizeGreaterThanOrEqualTo(2);
        for (NodeDef node : floatArithmetic) {
          for (String input : node.getInputList()) {
            NodeDef source = nodes.get(input.split(":")[0]);
            boolean threeValueConstant =
                source != null
                    && source.getOp().equals("Const")
                    && source.getAttrOrThrow("value").getTensor().getTensorShape().getDimCount()
                        == 1
                    && source
                            .getAttrOrThrow("value")
                            .getTensor()
                            .getTensorShape()
                            .getDim(0)
                            .getSize()
                        == 3;
            assertThat(threeValueConstant)
                .as("%s %s takes the [3] constant %s", node.getOp(), node.getName(), input)
                .isFalse();
          }
        }
      }
    }
  }

  @Test
  void padSplitsAnOddMarginWithTheExtraPixelBottomRight() {
    // 29 rows x 30 columns of white, RGB
    byte[] white = new byte[29 * 30 * 3];
    java.util.Arrays.fill(white, (byte) 255);
    byte[] png = ImageEncoding.encodePng(DecodedImage.rgb(30, 29, white));

    float[] image = run(FASHION, List.of(png));

    double whiteValue = (1 - 0.2860) / 0.3530;
    // rows: 1 above, 2 below; columns: 1 left, 1 right
    assertThat(at(image, 32, 0, 5, 0)).isCloseTo((float) BLACK, within(1e-5f));
    assertThat(at(image, 32, 1, 1, 2)).isCloseTo((float) whiteValue, within(1e-5f));
    assertThat(at(image, 32, 29, 30, 1)).isCloseTo((float) whiteValue, within(1e-5f));
    assertThat(at(image, 32, 30, 5, 0)).isCloseTo((float) BLACK, within(1e-5f));
    assertThat(at(image, 32, 5, 0, 0)).isCloseTo((float) BLACK, within(1e-5f));
    assertThat(at(image, 32, 5, 31, 0)).isCloseTo((float) BLACK, within(1e-5f));
  }

  @Test
  void padShrinksALargerImageKeepingItsAspectRatio() {
    // 64 rows x 40 columns of grey 128 -> 32 x 20, padded 6 columns on each side
    byte[] grey = new byte[64 * 40];
    java.util.Arrays.fill(grey, (byte) 128);
    byte[] png = ImageEncoding.encodeGreyPng(grey, 40, 64);

    float[] image = run(FASHION, List.of(png));

    double greyValue = (128 / 255.0 - 0.2860) / 0.3530;
    assertThat(at(image, 32, 16, 5, 0)).isCloseTo((float) BLACK, within(1e-5f));
    assertThat(at(image, 32, 16, 6, 0)).isCloseTo((float) greyValue, within(1e-4f));
    assertThat(at(image, 32, 0, 25, 2)).isCloseTo((float) greyValue, within(1e-4f));
    assertThat(at(image, 32, 31, 26, 0)).isCloseTo((float) BLACK, within(1e-5f));
  }

  @Test
  void centerCropTakesTheMiddleAndNormalisesPerChannel() {
    // 8 rows x 10 columns, already at resize size 8 on the shorter side: crop 4x4 at (2, 3)
    Preprocessing crop =
        new Preprocessing(
            4,
            Preprocessing.RESIZE_CENTER_CROP,
            8,
            StandardPreprocessing.IMAGENET_MEAN,
            StandardPreprocessing.IMAGENET_STD,
            Preprocessing.GRAYSCALE_REPLICATE);
    byte[] rgb = new byte[8 * 10 * 3];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 10; x++) {
        rgb[(y * 10 + x) * 3] = (byte) (y * 10 + x);
        rgb[(y * 10 + x) * 3 + 1] = (byte) 100;
        rgb[(y * 10 + x) * 3 + 2] = (byte) 200;
      }
    }

    float[] image = run(crop, List.of(ImageEncoding.encodePng(DecodedImage.rgb(10, 8, rgb))));

    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        double red = ((y + 2) * 10 + (x + 3)) / 255.0;
        assertThat(at(image, 4, y, x, 0)).isCloseTo((float) ((red - 0.485) / 0.229), within(1e-4f));
        assertThat(at(image, 4, y, x, 2))
            .isCloseTo((float) ((200 / 255.0 - 0.406) / 0.225), within(1e-4f));
      }
    }
  }

  @Test
  void resizeCenterCropResizesTheShorterSide() {
    Preprocessing imageNet = StandardPreprocessing.imageNet(224);
    byte[] grey = new byte[300 * 500];
    java.util.Arrays.fill(grey, (byte) 60);
    byte[] jpeg = ImageEncoding.encodeJpeg(DecodedImage.grey(500, 300, grey), 0.95f);

    float[] image = run(imageNet, List.of(jpeg));

    assertThat(image).hasSize(224 * 224 * 3);
    // A uniform image stays uniform through an antialiased resize (JPEG may move it by a level).
    double green = (60 / 255.0 - 0.456) / 0.224;
    assertThat(at(image, 224, 111, 111, 1)).isCloseTo((float) green, within(0.03f));
    assertThat(at(image, 224, 0, 223, 1)).isCloseTo((float) green, within(0.03f));
  }

  @Test
  void unsupportedPreprocessingIsRefusedNamingTheField() {
    Preprocessing stretch =
        new Preprocessing(
            32, "stretch", 0, FASHION.mean(), FASHION.std(), Preprocessing.GRAYSCALE_REPLICATE);
    assertThatThrownBy(() -> PreprocessingGraph.validate(stretch))
        .hasMessageContaining("preprocessing.resize");
  }

  private static float at(float[] image, int size, int y, int x, int c) {
    return image[(y * size + x) * 3 + c];
  }

  /** Runs the batch preprocessing graph on {@code encoded}, returns the NHWC floats. */
  private static float[] run(Preprocessing preprocessing, List<byte[]> encoded) {
    int size = preprocessing.imageSize();
    try (Graph graph = new Graph();
        ConcreteFunction single = PreprocessingGraph.singleImage(preprocessing)) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> input = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> images = PreprocessingGraph.batch(tf, input, single, size);
      try (Session session = new Session(graph);
          TString strings =
              TString.tensorOfBytes(NdArrays.vectorOfObjects(encoded.toArray(byte[][]::new)));
          Result result = session.runner().feed(input, strings).fetch(images).run()) {
        TFloat32 output = (TFloat32) result.get(0);
        assertThat(output.shape()).isEqualTo(Shape.of(encoded.size(), size, size, 3));
        float[] values = new float[(int) output.size()];
        output.copyTo(DataBuffers.of(values));
        return values;
      }
    }
  }
}
