package io.mnasnet.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  private static final String FIXTURE =
      "/fixtures/torchvision-mnasnet0_5-fmnist/weights.safetensors";

  private static byte[] fixtureBytes() throws IOException {
    try (InputStream in = SafetensorsTest.class.getResourceAsStream(FIXTURE)) {
      return in.readAllBytes();
    }
  }

  /** A file with the given header text and data bytes, as a hostile writer would make it. */
  private static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + json.length + data.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(json.length)
        .put(json)
        .put(data)
        .array();
  }

  private static void assertRejected(byte[] content, String... messageParts) {
    assertThatThrownBy(() -> Safetensors.parse(content, "bad.safetensors"))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageStartingWith("bad.safetensors")
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void readsTheTorchvisionFixture() throws IOException {
    SafetensorsFile file = Safetensors.parse(fixtureBytes(), "weights.safetensors");

    assertThat(file.size()).isEqualTo(314);
    Map<DType, Long> byType =
        file.tensors().values().stream()
            .collect(Collectors.groupingBy(SafeTensor::dtype, Collectors.counting()));
    assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of(DType.F32, 262L, DType.I64, 52L));
    assertThat(file.metadata())
        .containsEntry("format", "pt")
        .containsEntry("test_accuracy", "0.8694");

    SafeTensor stem = file.require("layers.0.weight");
    assertThat(stem.dtype()).isEqualTo(DType.F32);
    assertThat(stem.shape()).containsExactly(16, 3, 3, 3);
    assertThat(stem.toFloatArray()).hasSize(432);
    assertThat(file.require("layers.3.weight").shape()).containsExactly(16, 1, 3, 3);
    assertThat(file.require("classifier.1.weight").shape()).containsExactly(10, 1280);

    // values read with numpy from the same file
    float[] bias = file.require("classifier.1.bias").toFloatArray();
    assertThat(bias).hasSize(10);
    assertThat(bias[0]).isCloseTo(0.00614411f, within(1e-8f));
    assertThat(bias[1]).isCloseTo(-0.03313541f, within(1e-8f));
    assertThat(bias[9]).isCloseTo(-0.01324402f, within(1e-8f));

    SafeTensor tracked = file.require("layers.1.num_batches_tracked");
    assertThat(tracked.rank()).isZero();
    assertThat(tracked.elementCount()).isEqualTo(1);
    assertThat(tracked.toLongArray()).containsExactly(900);
  }

  @Test
  void readsFromAPathAndNamesMissingTensors(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("weights.safetensors");
    Files.write(path, fixtureBytes());
    SafetensorsFile file = Safetensors.read(path);

    assertThat(file.source()).isEqualTo(path.toString());
    assertThatThrownBy(() -> file.require("layers.99.weight"))
        .hasMessageContaining(path.toString())
        .hasMessageContaining("layers.99.weight");
  }

  @Test
  void rejectsConversionToTheWrongKind() throws IOException {
    SafetensorsFile file = Safetensors.parse(fixtureBytes(), "weights.safetensors");
    assertThatThrownBy(() -> file.require("layers.1.num_batches_tracked").toFloatArray())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("I64");
    assertThatThrownBy(() -> file.require("layers.0.weight").toLongArray())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void writerOutputReadsBackIdentically(@TempDir Path dir) throws IOException {
    float[] weights = {1.5f, -2.25f, 0f, Float.MIN_VALUE, 3e38f, -0f};
    long[] counts = {Long.MIN_VALUE, 0, Long.MAX_VALUE};
    Path path = dir.resolve("small.safetensors");
    new SafetensorsWriter()
        .metadata("format", "pt")
        .putFloats("w", new long[] {2, 3}, weights)
        .putLongs("n", new long[] {3}, counts)
        .putFloats("scalar", new long[] {}, new float[] {7f})
        .putFloats("empty", new long[] {0, 4}, new float[0])
        .writeTo(path);

    SafetensorsFile file = Safetensors.read(path);
    assertThat(file.tensors().keySet()).containsExactly("w", "n", "scalar", "empty");
    assertThat(file.metadata()).isEqualTo(Map.of("format", "pt"));
    assertThat(file.require("w").shape()).containsExactly(2, 3);
    assertThat(file.require("w").toFloatArray()).containsExactly(weights);
    assertThat(file.require("n").toLongArray()).containsExactly(counts);
    assertThat(file.require("scalar").toFloatArray()).containsExactly(7f);
    assertThat(file.require("empty").elementCount()).isZero();
    // header padded so that the data starts 8-byte aligned
    long headerLength =
        ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLength % 8).isZero();
  }

  @Test
  void rewritingTheFixtureKeepsEveryTensor() throws IOException {
    SafetensorsFile original = Safetensors.parse(fixtureBytes(), "weights.safetensors");
    SafetensorsWriter writer = new SafetensorsWriter();
    original.tensors().values().forEach(writer::put);
    SafetensorsFile copy = Safetensors.parse(writer.toByteArray(), "copy");

    assertThat(copy.tensors().keySet()).containsExactlyElementsOf(original.tensors().keySet());
    for (SafeTensor tensor : original.tensors().values()) {
      assertThat(copy.require(tensor.name()).data()).isEqualTo(tensor.data());
    }
  }

  @Test
  void convertsHalfPrecisionAndDoubles() throws SafetensorsFormatException {
    ByteBuffer data = ByteBuffer.allocate(12 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
    // F16: 1, -2, 0.5, smallest subnormal, +infinity, NaN
    for (int bits : new int[] {0x3C00, 0xC000, 0x3800, 0x0001, 0x7C00, 0x7E00}) {
      data.putShort((short) bits);
    }
    data.putShort((short) 0x3F80).putShort((short) 0xC0A0); // BF16: 1, -5
    data.putDouble(0.1);
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[6],\"data_offsets\":[0,12]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[12,16]},"
            + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
    SafetensorsFile file = Safetensors.parse(file(header, data.array()), "half");

    float[] half = file.require("h").toFloatArray();
    assertThat(Arrays.copyOf(half, 4)).containsExactly(1f, -2f, 0.5f, 0x1p-24f);
    assertThat(half[4]).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(half[5]).isNaN();
    assertThat(file.require("b").toFloatArray()).containsExactly(1f, -5f);
    assertThat(file.require("d").toFloatArray()).containsExactly(0.1f);
  }

  @Test
  void rejectsFilesShorterThanTheLength() {
    assertRejected(new byte[] {1, 2, 3, 4}, "4 bytes", "shorter than the 8-byte header length");
  }

  @Test
  void rejectsAHeaderLengthPastTheEnd() {
    byte[] content = file("{}", new byte[0]);
    content[0] = (byte) 200;
    assertRejected(content, "header length 200 is past the end");
  }

  @Test
  void rejectsAHeaderLengthAbove2To63WithoutAllocating() {
    byte[] content = file("{}", new byte[0]);
    Arrays.fill(content, 0, 8, (byte) 0xff);
    assertRejected(content, "18446744073709551615", "past the end");
  }

  @Test
  void rejectsATruncatedFile() throws IOException {
    byte[] truncated = Arrays.copyOf(fixtureBytes(), 100_000);
    assertRejected(truncated, "lie outside the data area");
  }

  @Test
  void rejectsInvalidJson() {
    assertRejected(file("{\"a\": {", new byte[0]), "header is not valid JSON");
    assertRejected(file("[1, 2]", new byte[0]), "must be a JSON object");
    assertRejected(file("{} {}", new byte[0]), "not valid JSON");
  }

  @Test
  void rejectsDuplicateTensorNames() {
    String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
    assertRejected(file("{\"a\":" + entry + ",\"a\":" + entry + "}", new byte[4]), "'a'");
  }

  @Test
  void rejectsMissingFields() {
    assertRejected(
        file("{\"t\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor 't'",
        "missing 'dtype'");
    assertRejected(
        file("{\"t\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor 't'",
        "missing 'shape'");
    assertRejected(
        file("{\"t\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
        "tensor 't'",
        "missing 'data_offsets'");
  }

  @Test
  void rejectsUnknownDtypes() {
    assertRejected(
        file("{\"t\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor 't'",
        "unsupported dtype 'Q4'");
  }

  @Test
  void rejectsNegativeOrFractionalDimensions() {
    assertRejected(
        file("{\"t\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]),
        "tensor 't'",
        "shape[0] = -1");
    assertRejected(
        file("{\"t\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new byte[4]),
        "shape[0] = 1.5");
  }

  @Test
  void rejectsOffsetsOutsideTheDataArea() {
    assertRejected(
        file("{\"t\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]),
        "tensor 't'",
        "[0, 16] lie outside the data area of 8 bytes");
    assertRejected(
        file("{\"t\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", new byte[8]),
        "tensor 't'",
        "outside");
  }

  @Test
  void rejectsOffsetsThatDoNotMatchTheShape() {
    assertRejected(
        file("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]),
        "tensor 't'",
        "span 8 bytes but F32[3] needs 12");
  }

  @Test
  void rejectsShapesWhoseSizeOverflows() {
    assertRejected(
        file(
            "{\"t\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}",
            new byte[8]),
        "too large");
  }

  @Test
  void rejectsOverlappingTensors() {
    assertRejected(
        file(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            new byte[12]),
        "'a' [0, 8] and 'b' [4, 12] overlap");
  }

  @Test
  void rejectsHolesAndTrailingBytes() {
    assertRejected(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]),
        "bytes [0, 4)",
        "'a'");
    assertRejected(
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8]),
        "has 8 bytes but the tensors cover only 4");
  }

  @Test
  void rejectsNonStringMetadata() {
    assertRejected(file("{\"__metadata__\":{\"epochs\":3}}", new byte[0]), "'epochs'", "string");
  }

  @Test
  void namesTheFileWhenReadingFromDisk(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("truncated.safetensors");
    Files.write(path, Arrays.copyOf(fixtureBytes(), 5));
    assertThatThrownBy(() -> Safetensors.read(path))
        .isInstanceOf(SafetensorsFormatException.class)
        .hasMessageContaining("truncated.safetensors");
  }
}
