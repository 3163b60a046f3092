package io.mnasnet.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.preprocessing.PreprocessingSession;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.savedmodel.ServingContract;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The ONNX Runtime engine decodes encoded images with a graph built from {@code mnasnet.json} alone
 * ({@link PreprocessingSession}), not with the SavedModel; the pixels it feeds the network must be
 * the ones the SavedModel's own {@code serving_encoded} signature computes, bit for bit, for both
 * recipes: photos of every size the reduced-scale JPEG decode treats differently, unusual encodings
 * and a Fashion-MNIST-sized PNG.
 */
class ServingPreprocessingParityTest {

  @TempDir Path work;

  @Test
  void resizeAndCenterCropGivesTheSavedModelsPixels() throws IOException {
    assertSamePixels(export("resize", 224, StandardPreprocessing.imageNet(224)));
  }

  @Test
  void padGivesTheSavedModelsPixels() throws IOException {
    assertSamePixels(export("pad", 32, StandardPreprocessing.fashionMnist(32)));
  }

  private static void assertSamePixels(Path dir) throws IOException {
    List<byte[]> images = new ArrayList<>();
    for (String photo : PhotoPreprocessingParityTest.PHOTOS) {
      images.add(resource("/fixtures/photos/" + photo + ".jpg"));
    }
    for (String unusual : UnusualImagesTest.LEGAL) {
      images.add(resource("/fixtures/bad-input/" + unusual));
    }
    byte[] grey = new byte[28 * 28];
    new Random(28).nextBytes(grey);
    images.add(ImageEncoding.encodeGreyPng(grey, 28, 28));

    ResolvedRuntime runtime = ResolvedRuntime.cpuOnly();
    ModelMetadata metadata = ModelMetadataFile.read(dir);
    float[] fromMetadata;
    try (PreprocessingSession session =
        PreprocessingSession.build(metadata.preprocessing(), runtime)) {
      fromMetadata = session.preprocess(images);
    } catch (PreprocessingSession.RejectedImagesException e) {
      throw new AssertionError(e);
    }
    float[] fromSavedModel = new float[fromMetadata.length];
    try (SavedModelBundle bundle = runtime.loadSavedModel(dir, ServingContract.TAG);
        TString input =
            TString.tensorOfBytes(NdArrays.vectorOfObjects(images.toArray(byte[][]::new)));
        Result result =
            bundle
                .session()
                .runner()
                .feed(ServingContract.ENCODED_IMAGES, input)
                .fetch("decode/MapDefun") // the exporter's decode scope: the network's input
                .run()) {
      ((TFloat32) result.get(0)).copyTo(DataBuffers.of(fromSavedModel));
    }
    // AssertJ's containsExactly diffs two unequal arrays of millions of floats in quadratic time:
    // count the differing pixels and name the first instead
    assertThat(fromMetadata).as("pixels").hasSameSizeAs(fromSavedModel);
    int differing = 0;
    int first = -1;
    for (int i = 0; i < fromMetadata.length; i++) {
      if (Float.floatToIntBits(fromMetadata[i]) != Float.floatToIntBits(fromSavedModel[i])) {
        differing++;
        first = first < 0 ? i : first;
      }
    }
    assertThat(differing)
        .as(
            "%s: pixel values that differ (first at %d: %s from mnasnet.json, %s from the"
                + " SavedModel)",
            dir.getFileName(),
            first,
            first < 0 ? "-" : fromMetadata[first],
            first < 0 ? "-" : fromSavedModel[first])
        .isZero();
  }

  private Path export(String name, int size, Preprocessing preprocessing) throws IOException {
    Network network = MnasNetB1.network(MnasNetConfig.of(0.5, 10, size));
    ModelMetadata metadata =
        new ModelMetadata(
            "preprocessing-" + name,
            1,
            network.architecture(),
            0.5,
            FashionMnist.CLASS_NAMES,
            preprocessing,
            ModelMetadata.Signatures.DEFAULT);
    Path dir = work.resolve(name);
    ResolvedRuntime runtime = ResolvedRuntime.cpuOnly();
    SavedModelExporter.export(
        ModelWeights.initialized(network, ParameterInitializer.torchvision(1), runtime),
        metadata,
        dir,
        runtime,
        new SavedModelExporter.Options(false, false)); // the SavedModel is what is compared
    return dir;
  }

  private static byte[] resource(String path) {
    try (InputStream in = ServingPreprocessingParityTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
