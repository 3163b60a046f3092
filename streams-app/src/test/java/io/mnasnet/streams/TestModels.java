package io.mnasnet.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.inference.savedmodel.SavedModelClassifier;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.config.StreamsAppConfig.InferenceSettings;
import io.mnasnet.streams.inference.EngineModelLoader;
import io.mnasnet.streams.inference.ModelLoader;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real model for tests: the torchvision {@code mnasnet0_5} Fashion-MNIST fixture (86.9% on the
 * test split), imported into a SavedModel once per JVM by the trainer's {@code import-torch}, and
 * laid out as numbered versions the way the app serves them.
 */
public final class TestModels {
  /** The fixture scores 86.9% on the 10,000 test images; 500 of them should reach 85%. */
  public static final double MIN_ACCURACY = 0.85;

  private static Path imported;

  private TestModels() {}

  /** Inference settings for tests: CPU, TensorFlow's default threads. */
  public static InferenceSettings cpu(Path modelDir) {
    return InferenceSettings.defaults(modelDir).withDevice(Device.CPU);
  }

  /** The loader the app uses, on the CPU. */
  public static ModelLoader loader() {
    return EngineModelLoader.forSettings(cpu(Path.of("unused")), ImageSizeLimit.DEFAULT);
  }

  /** Copies the fixture model to {@code root/<version>/} and returns {@code root}. */
  public static Path modelDir(Path root, int version) {
    Path target = root.resolve(Integer.toString(version));
    Path staging = root.resolve("." + version + ".staging");
    if (Files.isDirectory(target)) {
      return root;
    }
    try (Stream<Path> files = Files.walk(fixtureModel())) {
      for (Path source : files.toList()) {
        Path copy = staging.resolve(fixtureModel().relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
      // publish atomically, as a deployment should: the app never sees half a version
      Files.move(staging, target);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture imported as a SavedModel directory, once per JVM. */
  public static synchronized Path fixtureModel() {
    if (imported == null) {
      try {
        Path work = Files.createTempDirectory("mnasnet-fixture-model");
        imported = TorchvisionFixture.importModel(work);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(work)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return imported;
  }

  /**
   * Each prediction's top-1 class equals what the trainer's loader gives the same PNG directly
   * (through the model's encoded signature), with the same probability.
   */
  public static void assertTop1MatchesDirectInference(
      List<TestImages.LabelledPng> images, Map<String, Prediction> predictions) {
    try (SavedModelClassifier model =
        SavedModelClassifier.load(
            fixtureModel(),
            new RuntimeOptions(Device.CPU, 0, 0).resolve(),
            ImageSizeLimit.DEFAULT)) {
      List<Classification> direct =
          model.classifyEncoded(images.stream().map(TestImages.LabelledPng::png).toList());
      for (int i = 0; i < images.size(); i++) {
        var expected = direct.get(i).prediction().orElseThrow().top1();
        Prediction actual = predictions.get(images.get(i).id());
        assertThat(actual.top1().index()).as(images.get(i).id()).isEqualTo(expected.index());
        assertThat(actual.top1().probability())
            .as(images.get(i).id())
            .isCloseTo(expected.probability(), within(1e-4));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory; nothing else to do at JVM exit
    }
  }
}
