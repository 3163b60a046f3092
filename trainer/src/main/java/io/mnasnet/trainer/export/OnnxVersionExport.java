package io.mnasnet.trainer.export;

import io.mnasnet.inference.engine.Engine;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.numeric.LogitTolerance;
import io.mnasnet.inference.runtime.Device;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.runtime.RuntimeOptions;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.ModelMetadata.OnnxExport;
import io.mnasnet.trainer.model.ModelWeights;
import io.mnasnet.trainer.training.PretrainedWeights;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Adds {@code model.onnx} to an existing model version directory (one exported before the ONNX
 * export existed, such as the shipped model): reads the weights from its SavedModel, writes them
 * with {@link OnnxExporter}, checks the two engines agree on random inputs within {@link
 * LogitTolerance}, and records the file in {@code mnasnet.json}. The SavedModel is not touched.
 */
public final class OnnxVersionExport {

  /** Random preprocessed images the two engines are compared on. */
  static final int CHECK_IMAGES = 4;

  /**
   * What was written and how closely ONNX Runtime reproduced the SavedModel.
   *
   * @param export the record written into {@code mnasnet.json}
   * @param agreement ONNX Runtime's logits against the SavedModel's, on random images
   */
  public record Result(OnnxExport export, LogitTolerance.Agreement agreement) {}

  private OnnxVersionExport() {}

  /**
   * Writes {@code dir/model.onnx} from {@code dir}'s SavedModel.
   *
   * @param replace replace an existing {@code model.onnx}
   * @throws FileAlreadyExistsException if it exists and {@code replace} is false
   * @throws IOException if {@code dir} is not a model version directory, or the check fails
   */
  public static Result export(Path dir, boolean replace) throws IOException {
    ModelMetadata metadata = ModelMetadataFile.read(dir);
    Path target = dir.resolve(OnnxExporter.FILE_NAME);
    if (Files.exists(target) && !replace) {
      throw new FileAlreadyExistsException(
          target.toString(), null, "exists; add --force to write it again");
    }
    ResolvedRuntime runtime = ResolvedRuntime.cpuOnly(); // moving weights needs no GPU
    ModelWeights weights =
        PretrainedWeights.read(
            dir, metadata.width(), metadata.preprocessing().imageSize(), runtime);
    OnnxExport export = OnnxExporter.write(weights, dir);
    ModelMetadata updated = metadata.withOnnx(export);
    ModelMetadataFile.write(dir, updated);
    try {
      return check(dir, export);
    } catch (IOException | RuntimeException e) {
      // a file that does not reproduce the SavedModel must not be served
      ModelMetadataFile.write(dir, metadata.withOnnx(null));
      Files.deleteIfExists(target);
      throw e;
    }
  }

  private static Result check(Path dir, OnnxExport export) throws IOException {
    ResolvedRuntime runtime =
        ResolvedRuntime.cpu(new RuntimeOptions(Device.CPU, 0, 0, 1)); // whole batches
    try (LoadedModel tensorFlow =
            ModelLoading.load(dir, Engine.TENSORFLOW, runtime, ImageSizeLimit.DEFAULT);
        LoadedModel onnx =
            ModelLoading.load(dir, Engine.ONNX_RUNTIME, runtime, ImageSizeLimit.DEFAULT)) {
      int size = tensorFlow.imageSize();
      float[] images = new float[CHECK_IMAGES * size * size * 3];
      Random random = new Random(42);
      for (int i = 0; i < images.length; i++) {
        images[i] = (float) random.nextGaussian();
      }
      LogitTolerance.Agreement agreement =
          LogitTolerance.mnasNetB1()
              .compare(tensorFlow.logits(images, CHECK_IMAGES), onnx.logits(images, CHECK_IMAGES));
      if (!agreement.holds()) {
        throw new IOException(
            dir + ": model.onnx disagrees with the SavedModel (" + agreement + "): not written");
      }
      return new Result(export, agreement);
    }
  }
}
