package io.mnasnet.trainer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  private static final String FIXTURES = "/fixtures/torchvision-mnasnet0_5-fmnist/";

  static byte[] fixtureBytes(String name) throws IOException {
    try (InputStream in = NpyTest.class.getResourceAsStream(FIXTURES + name)) {
      return in.readAllBytes();
    }
  }

  static NpyArray fixture(String name) throws IOException {
    return Npy.parse(fixtureBytes(name), name);
  }

  /** A .npy file with the given version, header text and data, as a hostile writer makes it. */
  private static byte[] file(int major, String header, byte[] data) {
    byte[] text = header.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out =
        ByteBuffer.allocate(12 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      out.putShort((short) text.length);
    } else {
      out.putInt(text.length);
    }
    out.put(text).put(data);
    return java.util.Arrays.copyOf(out.array(), out.position());
  }

  private static void assertRejected(byte[] content, String... messageParts) {
    assertThatThrownBy(() -> Npy.parse(content, "bad.npy"))
        .isInstanceOf(NpyFormatException.class)
        .hasMessageStartingWith("bad.npy")
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void readsInt64Labels() throws IOException {
    NpyArray labels = fixture("labels.npy");
    assertThat(labels.dtype()).isEqualTo(DType.I64);
    assertThat(labels.shape()).containsExactly(16);
    assertThat(labels.longs()).containsExactly(9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5, 7, 3, 4, 1);
  }

  @Test
  void readsUint8Images() throws IOException {
    NpyArray images = fixture("images_uint8.npy");
    assertThat(images.dtype()).isEqualTo(DType.U8);
    assertThat(images.intShape()).containsExactly(16, 28, 28);
    byte[] pixels = images.unsignedBytes();
    // image 0, row 10, columns 10..15 (read with numpy): 0 0 0 4 0 53
    assertThat(pixels[10 * 28 + 13]).isEqualTo((byte) 4);
    assertThat(pixels[10 * 28 + 15]).isEqualTo((byte) 53);
  }

  @Test
  void readsTheFloat32InputBatch() throws IOException {
    NpyArray input = fixture("input.npy");
    assertThat(input.dtype()).isEqualTo(DType.F32);
    assertThat(input.shape()).containsExactly(16, 3, 32, 32);
    float[] values = input.floats();
    assertThat(values).hasSize(16 * 3 * 32 * 32);
    // the corner is padding: the normalized value of black
    assertThat(values[0]).isCloseTo((0f - 0.2860f) / 0.3530f, within(1e-6f));
  }

  @Test
  void float32AndFloat64LogitsAgree() throws IOException {
    NpyArray f32 = fixture("logits.npy");
    NpyArray f64 = fixture("logits_f64.npy");
    assertThat(f64.dtype()).isEqualTo(DType.F64);
    assertThat(f32.shape()).containsExactly(16, 10).isEqualTo(f64.shape());
    assertThat(f64.doubles()[0]).isCloseTo(-2.315198535980614, within(1e-12));
    double[] a = f32.toDoubleArray();
    double[] b = f64.doubles();
    double maxDiff = 0;
    for (int i = 0; i < a.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    }
    // the README records 1.2e-5
    assertThat(maxDiff).isGreaterThan(1e-7).isLessThan(2e-5);
  }

  @Test
  void writesExactlyWhatNumpyWrites() throws IOException {
    for (String name :
        new String[] {
          "labels.npy", "images_uint8.npy", "input.npy", "logits.npy", "logits_f64.npy"
        }) {
      assertThat(Npy.toByteArray(fixture(name))).as(name).isEqualTo(fixtureBytes(name));
    }
  }

  @Test
  void roundTripsEveryDtypeThroughAFile(@TempDir Path dir) throws IOException {
    NpyArray[] arrays = {
      NpyArray.ofFloats(new long[] {2, 2}, new float[] {1f, -0f, Float.NaN, 3.5f}),
      NpyArray.ofDoubles(new long[] {3}, new double[] {0.1, -1e300, Double.MIN_VALUE}),
      NpyArray.ofUnsignedBytes(new long[] {1, 3}, new byte[] {0, (byte) 255, 7}),
      NpyArray.ofLongs(new long[] {}, new long[] {Long.MIN_VALUE}),
      NpyArray.ofFloats(new long[] {0, 5}, new float[0]),
    };
    for (NpyArray array : arrays) {
      Path path = dir.resolve("a.npy");
      Npy.write(array, path);
      assertThat(Npy.read(path)).as(array.toString()).isEqualTo(array);
    }
    assertThat(Npy.read(dir.resolve("a.npy")).shape()).containsExactly(0, 5);
  }

  @Test
  void unsignedBytesConvertAsUnsigned() {
    NpyArray array = NpyArray.ofUnsignedBytes(new long[] {2}, new byte[] {(byte) 200, 1});
    assertThat(array.toDoubleArray()).containsExactly(200.0, 1.0);
  }

  @Test
  void readsVersion2AndOldStyleHeaders() throws IOException {
    byte[] data =
        ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(5).putLong(-6).array();
    NpyArray v2 =
        Npy.parse(
            file(2, "{'descr': '<i8', 'fortran_order': False, 'shape': (2L,), }\n", data), "v2");
    assertThat(v2.longs()).containsExactly(5, -6);
    NpyArray reordered =
        Npy.parse(
            file(1, "{\"shape\": (1, 2), \"descr\": \"<i8\", \"fortran_order\": False}", data),
            "v1");
    assertThat(reordered.shape()).containsExactly(1, 2);
  }

  @Test
  void rejectsFortranOrder() {
    assertRejected(
        file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }\n", new byte[4]),
        "fortran_order is True");
  }

  @Test
  void rejectsUnsupportedDtypes() {
    assertRejected(
        file(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n", new byte[4]),
        "unsupported dtype '>f4'");
    assertRejected(
        file(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }\n", new byte[4]),
        "unsupported dtype '<i4'");
  }

  @Test
  void rejectsDataOfTheWrongSize() {
    assertRejected(
        file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n", new byte[8]),
        "needs 12 data bytes, the file has 8");
    assertRejected(
        file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n", new byte[8]),
        "needs 4 data bytes, the file has 8");
    assertRejected(
        file(
            1,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }\n",
            new byte[8]),
        "too large");
  }

  @Test
  void rejectsMalformedHeaders() {
    assertRejected(
        file(1, "{'descr': '<f4', 'shape': (1,), }\n", new byte[4]), "lacks 'fortran_order'");
    assertRejected(
        file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }\n", new byte[4]),
        "malformed header",
        "non-negative integer");
    assertRejected(
        file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)\n", new byte[4]),
        "malformed header");
    assertRejected(file(1, "not a dict\n", new byte[0]), "malformed header");
  }

  @Test
  void rejectsBadMagicVersionAndLength() throws IOException {
    assertRejected("PK\3\4 zip file".getBytes(StandardCharsets.ISO_8859_1), "not a .npy file");
    byte[] v9 = fixtureBytes("labels.npy");
    v9[6] = 9;
    assertRejected(v9, "unsupported .npy format version 9.0");
    byte[] longHeader = fixtureBytes("labels.npy");
    longHeader[8] = (byte) 0xff;
    longHeader[9] = (byte) 0xff;
    assertRejected(longHeader, "header length 65535 is past the end");
  }
}
