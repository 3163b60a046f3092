package io.mnasnet.fuzz.metadata;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.fuzz.SchemaOracle;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.SchemaResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code mnasnet.json}, read wherever a model directory is loaded ({@link ModelMetadataFile#read}):
 * metadata, or an {@link IOException} naming the file and what is wrong. Metadata accepted, written
 * back, is valid against the contract's schema: the engines, the preprocessing graph and the app
 * were written for that contract, and nothing else should reach them.
 */
class ModelMetadataFileFuzzTest {
  private static final InputContract CONTRACT =
      InputContract.of("model-metadata", Duration.ofMillis(250), 16L << 20)
          .refusing(IOException.class);
  private static final SchemaOracle SCHEMA = SchemaOracle.of(SchemaResources.MODEL_METADATA);

  private static Path modelDir;
  private static Path writtenBack;

  @BeforeAll
  static void directories() throws IOException {
    modelDir = Files.createTempDirectory("fuzz-model");
    writtenBack = Files.createTempDirectory("fuzz-model-written");
  }

  @FuzzTest
  void readsOrRefusesEveryFile(byte[] json) throws IOException {
    Files.write(ModelMetadataFile.path(modelDir), json);
    CONTRACT.check(() -> ModelMetadataFile.read(modelDir)).ifPresent(this::isValidMetadata);
  }

  private void isValidMetadata(ModelMetadata metadata) {
    try {
      ModelMetadataFile.write(writtenBack, metadata);
      SCHEMA.assertValid(Files.readAllBytes(ModelMetadataFile.path(writtenBack)), "mnasnet.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void report() {
    CONTRACT.report();
  }
}
