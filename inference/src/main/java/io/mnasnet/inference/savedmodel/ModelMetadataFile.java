package io.mnasnet.inference.savedmodel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mnasnet.schemas.ContractSchema;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.SchemaResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads and writes {@code mnasnet.json}, the {@link ModelMetadata} beside a SavedModel. */
public final class ModelMetadataFile {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final ContractSchema SCHEMA = ContractSchema.of(SchemaResources.MODEL_METADATA);

  private ModelMetadataFile() {}

  /** The metadata file of the model directory {@code modelDir}. */
  public static Path path(Path modelDir) {
    return modelDir.resolve(ModelMetadata.FILE_NAME);
  }

  /** Writes {@code metadata} as {@code modelDir/mnasnet.json}. */
  public static void write(Path modelDir, ModelMetadata metadata) throws IOException {
    JSON.writeValue(path(modelDir).toFile(), metadata);
  }

  /**
   * Reads {@code modelDir/mnasnet.json}.
   *
   * @throws IOException naming the file if it is missing or not valid metadata
   */
  public static ModelMetadata read(Path modelDir) throws IOException {
    Path file = path(modelDir);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "not a model directory: " + ModelMetadata.FILE_NAME + " missing");
    }
    ModelMetadata metadata;
    try {
      metadata = JSON.readValue(file.toFile(), ModelMetadata.class);
    } catch (IOException e) {
      throw new IOException(file + " is not valid model metadata: " + e.getMessage(), e);
    }
    // What was understood (fields a newer writer added are ignored) must be what the contract
    // allows: the engines, the preprocessing graph and the app rely on it.
    List<String> violations = SCHEMA.violations(JSON.valueToTree(metadata));
    if (!violations.isEmpty()) {
      throw new IOException(
          file
              + " is not valid model metadata ("
              + SchemaResources.MODEL_METADATA
              + "): "
              + String.join("; ", violations.subList(0, Math.min(5, violations.size())))
              + (violations.size() > 5 ? "; and " + (violations.size() - 5) + " more" : ""));
    }
    return metadata;
  }
}
