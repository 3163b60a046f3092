package io.mnasnet.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * The peer a Java user would pick for CPU inference: ONNX Runtime called directly on a version's
 * {@code model.onnx}, with its own default threading (one intra-op pool over the cores) and all
 * graph optimisations, on one input tensor made once. No project code between the caller and the
 * session: what the serving engine is measured against.
 */
final class OnnxRuntimeDirect implements AutoCloseable {

  private final OrtSession session;
  private final OnnxTensor input;

  OnnxRuntimeDirect(Path versionDir, int batch, int imageSize) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = environment.createSession(versionDir.resolve("model.onnx").toString(), options);
    }
    int floats = batch * imageSize * imageSize * 3;
    FloatBuffer pixels =
        ByteBuffer.allocateDirect(floats * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    Random random = new Random(batch);
    for (int i = 0; i < floats; i++) {
      pixels.put(i, (float) random.nextGaussian());
    }
    try {
      input =
          OnnxTensor.createTensor(environment, pixels, new long[] {batch, imageSize, imageSize, 3});
    } catch (OrtException e) {
      session.close();
      throw e;
    }
  }

  /** One inference on the batch (the result is read and closed, as any caller would). */
  void run() {
    try (OrtSession.Result result = session.run(Map.of("images", input))) {
      result.get(0).getValue();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws OrtException {
    input.close();
    session.close();
  }
}
