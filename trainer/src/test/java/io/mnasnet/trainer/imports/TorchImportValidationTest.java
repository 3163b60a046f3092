package io.mnasnet.trainer.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.export.StandardPreprocessing;
import io.mnasnet.trainer.fixtures.TorchvisionFixture;
import io.mnasnet.trainer.io.SafeTensor;
import io.mnasnet.trainer.io.Safetensors;
import io.mnasnet.trainer.io.SafetensorsFile;
import io.mnasnet.trainer.io.SafetensorsFormatException;
import io.mnasnet.trainer.io.SafetensorsWriter;
import io.mnasnet.trainer.model.MnasNetConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken or mismatching weight files are refused by {@code import-torch} with a message naming the
 * file or the key, never with a crash, and leave no model directory behind.
 */
class TorchImportValidationTest {

  @TempDir Path work;
  private byte[] fixture;

  @BeforeEach
  void readFixture() throws IOException {
    fixture = Files.readAllBytes(TorchvisionFixture.copy("weights.safetensors", work));
  }

  @Test
  void truncatedFileIsRefusedNamingTheFile() throws IOException {
    Path weights = write("truncated.safetensors", Arrays.copyOf(fixture, fixture.length / 2));

    assertThatThrownBy(() -> importWeights(weights, TorchvisionFixture.CONFIG))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("truncated.safetensors");
    assertThat(work.resolve("model")).doesNotExist();
  }

  @Test
  void headerLengthPastTheEndIsRefused() throws IOException {
    byte[] content = fixture.clone();
    ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN).putLong(0, content.length + 1_000L);
    Path weights = write("long-header.safetensors", content);

    assertThatThrownBy(() -> importWeights(weights, TorchvisionFixture.CONFIG))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("long-header.safetensors");
  }

  @Test
  void unknownDtypeIsRefusedNamingTheKey() throws IOException {
    // Same length as "F32", so every offset in the file stays valid.
    Path weights = write("dtype.safetensors", replaceFirstInHeader("\"F32\"", "\"Q32\""));

    assertThatThrownBy(() -> importWeights(weights, TorchvisionFixture.CONFIG))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("Q32")
        .hasMessageContaining("dtype.safetensors");
  }

  @Test
  void missingKeyIsReportedByName() throws IOException {
    Path weights = rewrite("missing.safetensors", t -> !t.name().equals("layers.15.running_var"));

    assertThatThrownBy(() -> importWeights(weights, TorchvisionFixture.CONFIG))
        .isInstanceOf(StateDictMismatchException.class)
        .hasMessageContaining("missing key 'layers.15.running_var'")
        .hasMessageContaining("[1280]");
    assertThat(work.resolve("model")).doesNotExist();
  }

  @Test
  void unexpectedKeyIsReportedByName() throws IOException {
    SafetensorsWriter writer = copyOf(t -> true);
    writer.putFloats("layers.99.weight", new long[] {2}, new float[] {1, 2});
    Path weights = work.resolve("extra.safetensors");
    writer.writeTo(weights);

    assertThatThrownBy(() -> importWeights(weights, TorchvisionFixture.CONFIG))
        .isInstanceOf(StateDictMismatchException.class)
        .hasMessageContaining("unexpected key 'layers.99.weight'");
  }

  @Test
  void wrongShapeNamesTheKeyAndTheOptionToChange() {
    MnasNetConfig fiveClasses = MnasNetConfig.of(0.5, 5, 32);

    assertThatThrownBy(() -> importWeights(work.resolve("weights.safetensors"), fiveClasses))
        .isInstanceOf(StateDictMismatchException.class)
        .hasMessageContaining("'classifier.1.weight' has shape [10, 1280], expected [5, 1280]")
        .hasMessageContaining("--classes 10");
  }

  @Test
  void wrongWidthIsReportedOnTheStemWithAHint() {
    MnasNetConfig wider = MnasNetConfig.of(1.0, 10, 32);

    assertThatThrownBy(() -> importWeights(work.resolve("weights.safetensors"), wider))
        .isInstanceOf(StateDictMismatchException.class)
        .hasMessageContaining("'layers.0.weight' has shape [16, 3, 3, 3], expected [32, 3, 3, 3]")
        .hasMessageContaining("check --width")
        .satisfies(
            e -> assertThat(((StateDictMismatchException) e).problems()).hasSizeGreaterThan(20));
  }

  @Test
  void integerWeightIsRefusedNamingTheKey() throws IOException {
    SafetensorsWriter writer = copyOf(t -> !t.name().equals("layers.0.weight"));
    writer.putLongs("layers.0.weight", new long[] {16, 3, 3, 3}, new long[16 * 27]);
    Path weights = work.resolve("int.safetensors");
    writer.writeTo(weights);

    assertThatThrownBy(() -> importWeights(weights, TorchvisionFixture.CONFIG))
        .isInstanceOf(StateDictMismatchException.class)
        .hasMessageContaining("'layers.0.weight' has dtype I64");
  }

  @Test
  void batchCountersAreOptional() throws Exception {
    Path weights =
        rewrite("no-counters.safetensors", t -> !t.name().endsWith(".num_batches_tracked"));

    importWeights(weights, TorchvisionFixture.CONFIG);

    assertThat(work.resolve("model/saved_model.pb")).isRegularFile();
  }

  private void importWeights(Path weights, MnasNetConfig config) throws Exception {
    TorchImport.run(
        new TorchImport.Request(
            weights,
            config,
            labels(config.numClasses()),
            StandardPreprocessing.fashionMnist(config.imageSize()),
            "test",
            1,
            work.resolve("model")),
        ResolvedRuntime.cpuOnly());
  }

  private static List<String> labels(int n) {
    return n == 10
        ? FashionMnist.CLASS_NAMES
        : IntStream.range(0, n).mapToObj(Integer::toString).toList();
  }

  private Path write(String name, byte[] content) throws IOException {
    Path file = work.resolve(name);
    Files.write(file, content);
    return file;
  }

  private Path rewrite(String name, Predicate<SafeTensor> keep) throws IOException {
    Path file = work.resolve(name);
    copyOf(keep).writeTo(file);
    return file;
  }

  private SafetensorsWriter copyOf(Predicate<SafeTensor> keep) throws IOException {
    SafetensorsFile file = Safetensors.parse(fixture, "fixture");
    SafetensorsWriter writer = new SafetensorsWriter();
    file.tensors().values().stream().filter(keep).forEach(writer::put);
    return writer;
  }

  private byte[] replaceFirstInHeader(String from, String to) {
    int headerLength = (int) ByteBuffer.wrap(fixture).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    String header = new String(fixture, 8, headerLength, StandardCharsets.UTF_8);
    byte[] replaced = header.replaceFirst(from, to).getBytes(StandardCharsets.UTF_8);
    byte[] content = fixture.clone();
    System.arraycopy(replaced, 0, content, 8, replaced.length);
    return content;
  }
}
