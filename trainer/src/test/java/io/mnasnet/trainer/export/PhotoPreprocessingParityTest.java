package io.mnasnet.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.preprocessing.PreprocessingGraph;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import io.mnasnet.trainer.imports.TorchvisionStateDict;
import io.mnasnet.trainer.io.Safetensors;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The in-graph ImageNet preprocessing (reduced-scale JPEG decode, antialiased resize of the centre
 * crop) against torchvision's ({@code Resize(256)} with PIL's antialiased bilinear filter, {@code
 * CenterCrop(224)}) on real photos of several sizes and shapes ({@code
 * src/test/resources/fixtures/photos/}, made by its {@code make_photos.py}; the reference crops are
 * PIL's uint8 output, what {@code ToTensor()} sees).
 *
 * <p>Measured on this set (BENCHMARKS.md): a full decode is PIL's result up to PIL's uint8 rounding
 * (mean 0.22-0.29 levels, max 0.9); the reduced-scale decode, a slightly different low-pass filter,
 * is within 0.56-1.28 levels on average (max 7.8-19 at sharp edges) on the photos it applies to.
 * Through a trained network run at 224 the logits move by at most 4.9e-3 of their span (4.3e-3 for
 * PIL's rounding alone) and no top-1 changes. Issue 13 asked for 1e-3 absolute on an ImageNet
 * model; no ImageNet-trained weights are available here, so the effect is measured and bounded
 * relative to the span instead.
 */
class PhotoPreprocessingParityTest {

  static final List<String> PHOTOS =
      List.of(
          "boats-1920x1440",
          "leaf-1600x1200",
          "pier-1280x960",
          "forest-960x1280",
          "cups-800x600",
          "moss-500x375",
          "lake-256x256",
          "sky-300x225");

  /**
   * Largest logit difference accepted between the served path (reduced-scale decode) and
   * torchvision's preprocessing, as a fraction of the logits' span (max - min) on that photo.
   */
  static final double FAST_RELATIVE = 1e-2;

  /**
   * The same for a full decode, where PIL's uint8 rounding is the only difference: this network,
   * trained on 32x32 Fashion-MNIST, is far out of its distribution on 224 photos and amplifies even
   * that (up to 4.3e-3 of the span measured), so both bounds are the same.
   */
  static final double FULL_RELATIVE = 1e-2;

  /** Largest mean pixel difference accepted, in 0-255 levels. */
  static final double MEAN_LEVELS = 2.0;

  private static final Preprocessing IMAGENET = StandardPreprocessing.imageNet(224);

  @TempDir static Path work;
  private static Path modelDir;

  /**
   * A trained network with real activations, not a random one (whose logits barely move): the
   * torchvision fixture's Fashion-MNIST MnasNet-0.5, fully convolutional, run at 224x224.
   */
  @BeforeAll
  static void exportModel() throws Exception {
    Network network = MnasNetB1.network(MnasNetConfig.of(0.5, 10, 224));
    List<String> labels = FashionMnist.CLASS_NAMES;
    ModelMetadata metadata =
        new ModelMetadata(
            "photo-parity",
            1,
            network.architecture(),
            0.5,
            labels,
            IMAGENET,
            ModelMetadata.Signatures.DEFAULT);
    modelDir = work.resolve("model");
    ModelWeights weights =
        TorchvisionStateDict.toWeights(
            Safetensors.read(TorchvisionFixture.copy("weights.safetensors", work)), network);
    SavedModelExporter.export(weights, metadata, modelDir, ResolvedRuntime.cpuOnly());
  }

  @Test
  void reducedScaleDecodeStaysWithinAFewLevelsOfTorchvisionsPixels() {
    List<byte[]> jpegs = PHOTOS.stream().map(p -> resource(p + ".jpg")).toList();
    float[] fast = preprocess(jpegs, 8);
    float[] full = preprocess(jpegs, 1);
    int perImage = 224 * 224 * 3;
    List<Diff> fastDiffs = new ArrayList<>();
    for (int i = 0; i < PHOTOS.size(); i++) {
      float[] reference = normalized(resource(PHOTOS.get(i) + ".reference.png"));
      Diff fastDiff = Diff.of(fast, i * perImage, reference);
      Diff fullDiff = Diff.of(full, i * perImage, reference);
      fastDiffs.add(fastDiff);
      System.out.printf(
          Locale.ROOT,
          "%-16s pixels vs PIL, in levels: reduced decode mean %.3f max %.1f; full decode mean"
              + " %.3f max %.1f%n",
          PHOTOS.get(i),
          fastDiff.meanLevels(),
          fastDiff.maxLevels(),
          fullDiff.meanLevels(),
          fullDiff.maxLevels());
      // The full decode is PIL's computation up to PIL's uint8 rounding.
      assertThat(fullDiff.meanLevels()).as(PHOTOS.get(i)).isLessThan(0.5);
    }
    for (int i = 0; i < PHOTOS.size(); i++) {
      // The same image, not a shifted or differently scaled crop: within two levels on average.
      assertThat(fastDiffs.get(i).meanLevels()).as(PHOTOS.get(i)).isLessThan(MEAN_LEVELS);
    }
  }

  @Test
  void logitsOfTheFastPathKeepTorchvisionsTop1() throws IOException {
    List<byte[]> jpegs = PHOTOS.stream().map(p -> resource(p + ".jpg")).toList();
    int n = PHOTOS.size();
    int perImage = 224 * 224 * 3;
    float[] references = new float[n * perImage];
    for (int i = 0; i < n; i++) {
      float[] reference = normalized(resource(PHOTOS.get(i) + ".reference.png"));
      System.arraycopy(reference, 0, references, i * perImage, perImage);
    }
    try (SavedModelClassifier model = SavedModelClassifier.load(modelDir)) {
      float[][] expected = model.logits(references, n);
      float[][] full = model.logits(preprocess(jpegs, 1), n);
      List<Classification> served = model.classifyEncoded(jpegs);
      double worstFast = 0;
      double worstFull = 0;
      int top1Changed = 0;
      for (int i = 0; i < n; i++) {
        float[] fast = served.get(i).prediction().orElseThrow().logits();
        double span = span(expected[i]);
        double fastDiff = maxDiff(fast, expected[i]);
        double fullDiff = maxDiff(full[i], expected[i]);
        worstFast = Math.max(worstFast, fastDiff / span);
        worstFull = Math.max(worstFull, fullDiff / span);
        top1Changed += argmax(fast) == argmax(expected[i]) ? 0 : 1;
        System.out.printf(
            Locale.ROOT,
            "%-16s logits span %.1f; max |logit - torchvision's|: served (reduced decode) %.3g"
                + " = %.2e of the span, full decode %.3g = %.2e; top-1 %d vs %d%n",
            PHOTOS.get(i),
            span,
            fastDiff,
            fastDiff / span,
            fullDiff,
            fullDiff / span,
            argmax(fast),
            argmax(expected[i]));
      }
      assertThat(top1Changed).as("photos whose top-1 changed").isZero();
      assertThat(worstFast).as("served, relative to the logits' span").isLessThan(FAST_RELATIVE);
      assertThat(worstFull).as("full decode, relative to the span").isLessThan(FULL_RELATIVE);
    }
  }

  private static double maxDiff(float[] a, float[] b) {
    double max = 0;
    for (int k = 0; k < a.length; k++) {
      max = Math.max(max, Math.abs(a[k] - b[k]));
    }
    return max;
  }

  private record Diff(double meanLevels, double maxLevels) {
    /** Differences in 0-255 levels (de-normalised per channel). */
    static Diff of(float[] batch, int offset, float[] reference) {
      double sum = 0;
      double max = 0;
      for (int j = 0; j < reference.length; j++) {
        double std = StandardPreprocessing.IMAGENET_STD.get(j % 3);
        double levels = Math.abs(batch[offset + j] - reference[j]) * std * 255;
        sum += levels;
        max = Math.max(max, levels);
      }
      return new Diff(sum / reference.length, max);
    }
  }

  private static float span(float[] values) {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max - min;
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** A reference crop as the model's input: ImageNet normalisation of its uint8 pixels. */
  private static float[] normalized(byte[] png) {
    DecodedImage image;
    try {
      image = ImageEncoding.decode(png, ImageSizeLimit.DEFAULT);
    } catch (Exception e) {
      throw new IllegalStateException("cannot decode a reference crop", e);
    }
    assertThat(image.width()).isEqualTo(224);
    assertThat(image.height()).isEqualTo(224);
    float[] values = new float[224 * 224 * 3];
    for (int y = 0; y < 224; y++) {
      for (int x = 0; x < 224; x++) {
        for (int c = 0; c < 3; c++) {
          double mean = StandardPreprocessing.IMAGENET_MEAN.get(c);
          double std = StandardPreprocessing.IMAGENET_STD.get(c);
          values[(y * 224 + x) * 3 + c] = (float) ((image.sample(x, y, c) / 255.0 - mean) / std);
        }
      }
    }
    return values;
  }

  private static float[] preprocess(List<byte[]> encoded, int maxJpegRatio) {
    try (Graph graph = new Graph();
        ConcreteFunction single = PreprocessingGraph.singleImage(IMAGENET, maxJpegRatio)) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> input = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> images = PreprocessingGraph.batch(tf, input, single, 224);
      try (Session session = new Session(graph);
          TString strings =
              TString.tensorOfBytes(NdArrays.vectorOfObjects(encoded.toArray(byte[][]::new)));
          Result result = session.runner().feed(input, strings).fetch(images).run()) {
        TFloat32 output = (TFloat32) result.get(0);
        float[] values = new float[(int) output.size()];
        output.copyTo(DataBuffers.of(values));
        return values;
      }
    }
  }

  static byte[] resource(String name) {
    try (InputStream in =
        PhotoPreprocessingParityTest.class.getResourceAsStream("/fixtures/photos/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /fixtures/photos/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<byte[]> all() {
    List<byte[]> jpegs = new ArrayList<>();
    PHOTOS.forEach(p -> jpegs.add(resource(p + ".jpg")));
    return jpegs;
  }
}
