package io.mnasnet.streams.bench;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.streams.TestImages;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the two input paths of the SavedModel on real 28x28 PNGs: encoded bytes to the encoded
 * signature vs Java decode + padding to the normalised signature (what {@code
 * EngineImageClassifier} chooses between). Not part of the build; run with {@code mvn -pl
 * streams-app -am test -Dtest=InferencePathBench -Dmnasnet.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "mnasnet.bench", matches = "true")
class InferencePathBench {
  @Test
  void compare() throws Exception {
    Path work = Files.createTempDirectory("bench");
    long t0 = System.nanoTime();
    Path dir = TorchvisionFixture.importModel(work);
    System.out.printf("import %.1f s%n", (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    try (SavedModelClassifier model =
        SavedModelClassifier.load(
            dir, new RuntimeOptions(Device.CPU, 0, 0).resolve(), ImageSizeLimit.DEFAULT)) {
      System.out.printf("load %.1f s%n", (System.nanoTime() - t0) / 1e9);
      List<byte[]> pngs = TestImages.fashionMnist(1000, "b").stream().map(p -> p.png()).toList();
      Preprocessing p = model.metadata().preprocessing();
      for (int batch : new int[] {1, 8, 32, 64, 128}) {
        for (int rep = 0; rep < 2; rep++) {
          int n = 1000 / batch * batch;
          long s = System.nanoTime();
          for (int i = 0; i < n; i += batch) {
            model.classifyEncoded(pngs.subList(i, i + batch));
          }
          double enc = n / ((System.nanoTime() - s) / 1e9);
          s = System.nanoTime();
          long decodeNs = 0;
          for (int i = 0; i < n; i += batch) {
            long d = System.nanoTime();
            float[] nhwc = new float[batch * 32 * 32 * 3];
            for (int j = 0; j < batch; j++) {
              DecodedImage img = ImageEncoding.decode(pngs.get(i + j), ImageSizeLimit.DEFAULT);
              fill(nhwc, j, img, p);
            }
            decodeNs += System.nanoTime() - d;
            model.predict(nhwc, batch);
          }
          double java = n / ((System.nanoTime() - s) / 1e9);
          System.out.printf(
              "batch %3d: encoded signature %6.0f img/s | java decode+preprocess %6.0f img/s (decode share %.0f%%)%n",
              batch, enc, java, 100.0 * decodeNs / (System.nanoTime() - s));
        }
      }
    }
  }

  static void fill(float[] out, int index, DecodedImage img, Preprocessing p) {
    int size = p.imageSize();
    int top = (size - img.height()) / 2;
    int left = (size - img.width()) / 2;
    int base = index * size * size * 3;
    for (int c = 0; c < 3; c++) {
      float mean = p.mean().get(c).floatValue();
      float std = p.std().get(c).floatValue();
      float black = -mean / std;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int iy = y - top;
          int ix = x - left;
          float v =
              iy < 0 || ix < 0 || iy >= img.height() || ix >= img.width()
                  ? black
                  : (img.sample(ix, iy, img.isGrey() ? 0 : c) / 255f - mean) / std;
          out[base + (y * size + x) * 3 + c] = v;
        }
      }
    }
  }
}
