package io.mnasnet.inference.onnxruntime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.mnasnet.inference.savedmodel.ServingContract;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.ModelMetadata.OnnxExport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * The {@code model.onnx} of a version directory, checked before anything is served from it: the
 * file exists, matches the SHA-256 {@code mnasnet.json} records (when it records one), ONNX Runtime
 * reads it, and its input and outputs agree with {@code mnasnet.json} (input size, classes). Every
 * refusal names the file and the command that rewrites it.
 */
final class OnnxModelFile {

  /** The command that writes a version's {@code model.onnx}, for error messages. */
  static final String EXPORT_COMMAND = "bin/mnasnet export-onnx --force --model ";

  private OnnxModelFile() {}

  /** {@code dir/model.onnx} (or the file {@code mnasnet.json} names). */
  static Path path(Path dir, ModelMetadata metadata) {
    String name = metadata.onnx() == null ? OnnxExport.FILE_NAME : metadata.onnx().file();
    return dir.resolve(name);
  }

  /**
   * Opens {@code dir}'s ONNX model in a session with {@code options}, checked against {@code
   * metadata}. The caller closes the session.
   *
   * @throws IOException naming the file, what is wrong and the export command
   */
  static OrtSession open(
      OrtEnvironment environment,
      Path dir,
      ModelMetadata metadata,
      OrtSession.SessionOptions options)
      throws IOException {
    Path file = path(dir, metadata);
    if (!Files.isRegularFile(file)) {
      throw refused(file, dir, "is missing");
    }
    if (metadata.onnx() != null) {
      String actual = sha256(file);
      if (!actual.equals(metadata.onnx().sha256())) {
        throw refused(
            file,
            dir,
            "does not match mnasnet.json (SHA-256 "
                + actual
                + ", recorded "
                + metadata.onnx().sha256()
                + "): replaced or damaged");
      }
    }
    OrtSession session;
    try {
      session = environment.createSession(file.toString(), options);
    } catch (OrtException e) {
      throw refused(file, dir, "is not a model ONNX Runtime can load (" + firstLine(e) + ")");
    }
    try {
      checkSignature(session, file, dir, metadata);
      return session;
    } catch (IOException | RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  private static void checkSignature(
      OrtSession session, Path file, Path dir, ModelMetadata metadata) throws IOException {
    int size = metadata.preprocessing().imageSize();
    int classes = metadata.numClasses();
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      long[] input = floatShape(inputs.get(ServingContract.IMAGES));
      if (inputs.size() != 1
          || input == null
          || input.length != 4
          || input[1] != size
          || input[2] != size
          || input[3] != 3) {
        throw refused(
            file,
            dir,
            "takes "
                + describe(inputs)
                + ", but mnasnet.json says images [N, "
                + size
                + ", "
                + size
                + ", 3]");
      }
      for (String name : new String[] {ServingContract.LOGITS, ServingContract.PROBABILITIES}) {
        long[] output = floatShape(outputs.get(name));
        if (output == null || output.length != 2 || output[1] != classes) {
          throw refused(
              file,
              dir,
              "gives "
                  + describe(outputs)
                  + ", but mnasnet.json lists "
                  + classes
                  + " classes ("
                  + name
                  + " [N, "
                  + classes
                  + "] expected)");
        }
      }
    } catch (OrtException e) {
      throw refused(file, dir, "has no readable inputs/outputs (" + firstLine(e) + ")");
    }
  }

  private static long[] floatShape(NodeInfo node) {
    if (node == null
        || !(node.getInfo() instanceof TensorInfo tensor)
        || tensor.type != OnnxJavaType.FLOAT) {
      return null;
    }
    return tensor.getShape();
  }

  private static String describe(Map<String, NodeInfo> nodes) {
    StringBuilder text = new StringBuilder();
    for (NodeInfo node : nodes.values()) {
      text.append(text.length() == 0 ? "" : ", ").append(node.getName());
      if (node.getInfo() instanceof TensorInfo tensor) {
        text.append(' ').append(Arrays.toString(tensor.getShape()).replace("-1", "N"));
      }
    }
    return text.toString();
  }

  static IOException refused(Path file, Path dir, String problem) {
    return new IOException(
        file
            + " "
            + problem
            + ". Write it from the version's SavedModel with `"
            + EXPORT_COMMAND
            + dir
            + "`, or serve this version with --engine tensorflow.");
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().lines().findFirst().orElse(message);
  }

  static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // nothing more to free: the session is gone either way
    }
  }
}
