package io.mnasnet.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.mnasnet.inference.cost.ThreadCost;
import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.engine.Engine;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.image.HostileImages;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.image.UnreadableImageException;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.model.Network;
import io.mnasnet.trainer.model.ParameterInitializer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Legal but unusual encodings (progressive and CMYK JPEG, 16-bit grey PNG, palette PNG with a
 * transparent entry, RGBA PNG) are classified, and a JPEG whose header claims 65000x65000 pixels is
 * refused with a reason before anything is decoded; never an exception or an out-of-memory. Both
 * preprocessing recipes (pad, resize + centre crop), since they decode differently, and mixed into
 * one batch with a good image, which must still be classified. Files: {@code
 * src/test/resources/fixtures/bad-input/} (made by its {@code make_bad_input.py}).
 */
class UnusualImagesTest {

  static final List<String> LEGAL =
      List.of("progressive.jpg", "cmyk.jpg", "grey16.png", "palette-alpha.png", "rgba.png");

  @TempDir static Path work;
  private static Path padModel;
  private static Path resizeModel;

  @BeforeAll
  static void exportModels() throws IOException {
    padModel = export("pad", StandardPreprocessing.fashionMnist(32));
    resizeModel =
        export(
            "resize",
            new Preprocessing(
                32,
                Preprocessing.RESIZE_CENTER_CROP,
                37,
                StandardPreprocessing.IMAGENET_MEAN,
                StandardPreprocessing.IMAGENET_STD,
                Preprocessing.GRAYSCALE_REPLICATE));
  }

  @Test
  void unusualEncodingsAreClassifiedByBothRecipes() throws IOException {
    for (Path dir : List.of(padModel, resizeModel)) {
      try (SavedModelClassifier model = SavedModelClassifier.load(dir)) {
        List<byte[]> images = new ArrayList<>();
        LEGAL.forEach(name -> images.add(resource(name)));
        List<Classification> results = model.classifyEncoded(images);
        for (int i = 0; i < LEGAL.size(); i++) {
          Classification result = results.get(i);
          assertThat(result.error()).as(dir.getFileName() + " " + LEGAL.get(i)).isEmpty();
          float[] probabilities = result.prediction().orElseThrow().probabilities();
          double sum = 0;
          for (float p : probabilities) {
            assertThat(Float.isFinite(p)).isTrue();
            sum += p;
          }
          assertThat(sum).as(LEGAL.get(i)).isBetween(0.99, 1.01);
        }
      }
    }
  }

  @Test
  void aHeaderClaiming65000x65000IsRefusedWithAReasonAndTheBatchGoesOn() throws IOException {
    for (Path dir : List.of(padModel, resizeModel)) {
      try (SavedModelClassifier model = SavedModelClassifier.load(dir)) {
        List<Classification> results =
            model.classifyEncoded(List.of(resource("huge-header.jpg"), resource("rgba.png")));

        assertThat(results.get(0).prediction()).isEmpty();
        assertThat(results.get(0).error().orElseThrow())
            .contains("65000x65000")
            .contains("above the limit");
        assertThat(results.get(1).prediction()).isPresent();
      }
    }
  }

  @Test
  void everyEnginesEncodedPathHonoursTheSizeLimitItWasLoadedWith() throws IOException {
    // 4200 x 4100: above the default limit; the old engine refused it whatever the app allowed
    byte[] large = ImageEncoding.encodeGreyPng(new byte[4200 * 4100], 4200, 4100);
    byte[] small = resource("rgba.png");
    ResolvedRuntime cpu = ResolvedRuntime.cpuOnly();
    for (Engine engine : Engine.values()) {
      try (LoadedModel raised =
              ModelLoading.load(padModel, engine, cpu, new ImageSizeLimit(4200L * 4100));
          LoadedModel standard = ModelLoading.load(padModel, engine, cpu, ImageSizeLimit.DEFAULT);
          LoadedModel lowered =
              ModelLoading.load(padModel, engine, cpu, new ImageSizeLimit(16 * 16))) {
        assertThat(raised.classifyEncoded(List.of(large)).get(0).succeeded())
            .as(engine.name())
            .isTrue();
        assertThat(standard.classifyEncoded(List.of(large)).get(0).error())
            .get()
            .asString()
            .contains("4200x4100", "above the limit of 16777216");
        List<Classification> loweredResults = lowered.classifyEncoded(List.of(small, large));
        assertThat(loweredResults).noneMatch(Classification::succeeded);
        assertThat(loweredResults.get(0).error())
            .get()
            .asString()
            .contains("above the limit of 256");
      }
    }
  }

  @Test
  void aJpegOfAThousandScansAndAGifNeverReachTensorFlow() throws IOException {
    // TensorFlow's decoder spent 3-4 s on the JPEG; its GIF decoder decodes every frame
    ByteArrayOutputStream gif = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED), "gif", gif);
    try (SavedModelClassifier model = SavedModelClassifier.load(resizeModel)) {
      ThreadCost cost = ThreadCost.ofProcess();
      List<Classification> results =
          model.classifyEncoded(
              List.of(
                  HostileImages.progressiveJpeg(4096, 4096, 1000),
                  gif.toByteArray(),
                  resource("rgba.png")));

      assertThat(results.get(0).error()).get().asString().contains("more than 100 scans");
      assertThat(results.get(1).error()).get().asString().contains("not a PNG or JPEG", "gif");
      assertThat(results.get(2).succeeded()).isTrue();
      assertThat(cost.cpuNanos()).isLessThan(2_000_000_000L);
    }
  }

  @Test
  void theJavaDecoderEitherDecodesOrSaysWhyNot() {
    for (String name : List.of("progressive.jpg", "cmyk.jpg", "grey16.png", "palette-alpha.png")) {
      assertThatCode(
              () -> {
                try {
                  ImageEncoding.decode(resource(name), ImageSizeLimit.DEFAULT);
                } catch (UnreadableImageException e) {
                  assertThat(e.getMessage()).isNotBlank();
                }
              })
          .as(name)
          .doesNotThrowAnyException();
    }
    assertThatCode(
            () -> {
              try {
                ImageEncoding.decode(resource("huge-header.jpg"), ImageSizeLimit.DEFAULT);
                throw new AssertionError("a 65000x65000 header was decoded");
              } catch (UnreadableImageException e) {
                assertThat(e.getMessage()).isNotBlank();
              }
            })
        .doesNotThrowAnyException();
  }

  private static Path export(String name, Preprocessing preprocessing) throws IOException {
    Network network = MnasNetB1.network(MnasNetConfig.of(0.5, 10, 32));
    ModelMetadata metadata =
        new ModelMetadata(
            "unusual-" + name,
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
        runtime);
    return dir;
  }

  private static byte[] resource(String name) {
    try (InputStream in =
        UnusualImagesTest.class.getResourceAsStream("/fixtures/bad-input/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /fixtures/bad-input/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
