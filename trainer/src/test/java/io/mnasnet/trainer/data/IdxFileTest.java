package io.mnasnet.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

  /** An IDX file of unsigned bytes with the given dimensions followed by {@code data}. */
  static byte[] idx(int[] dims, byte[] data) {
    ByteBuffer out = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    out.put(new byte[] {0, 0, 0x08, (byte) dims.length});
    for (int dim : dims) {
      out.putInt(dim);
    }
    return out.put(data).array();
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  private static final byte[] SIX = {1, 2, 3, 4, 5, (byte) 250};

  @Test
  void readsPlainAndGzippedFilesAlike(@TempDir Path dir) throws IOException {
    Path plain = Files.write(dir.resolve("images-idx3-ubyte"), idx(new int[] {3, 1, 2}, SIX));
    // gzip is detected by content: the name says nothing
    Path gzipped = Files.write(dir.resolve("images.bin"), gzip(idx(new int[] {3, 1, 2}, SIX)));

    for (Path file : new Path[] {plain, gzipped}) {
      IdxFile read = IdxFile.read(file);
      assertThat(read.dims()).containsExactly(3, 1, 2);
      assertThat(read.count()).isEqualTo(3);
      assertThat(read.data()).containsExactly(SIX);
      assertThat(read.source()).isEqualTo(file.toString());
    }
  }

  private static void assertRejected(byte[] content, String... messageParts) {
    assertThatThrownBy(() -> IdxFile.parse(content, "bad-idx"))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageStartingWith("bad-idx")
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void rejectsDataShorterOrLongerThanTheDimensions() throws IOException {
    assertRejected(idx(new int[] {4, 2}, SIX), "[4, 2] need 8 data bytes", "only 6", "truncated");
    assertRejected(gzip(idx(new int[] {4, 2}, SIX)), "only 6");
    assertRejected(idx(new int[] {5}, SIX), "more data than dimensions [5]");
  }

  @Test
  void rejectsHugeDimensionsWithoutAllocating() {
    assertRejected(idx(new int[] {60000, 60000, 28}, SIX), "more than 2 GiB");
    assertRejected(idx(new int[] {1_000_000_000, 2}, SIX), "need 2000000000 data bytes", "only 6");
  }

  @Test
  void rejectsOtherFormatsAndTypes() {
    assertRejected(new byte[] {'P', 'K', 3, 4, 0, 0}, "not an IDX file");
    byte[] ints = idx(new int[] {1}, new byte[4]);
    ints[2] = 0x0C;
    assertRejected(ints, "type 0x0c is not supported");
    assertRejected(new byte[] {0, 0, 8, 2, 0, 0, 0}, "truncated in the dimensions");
  }

  @Test
  void rejectsTruncatedGzip() throws IOException {
    byte[] gz = gzip(idx(new int[] {3, 1, 2}, SIX));
    assertRejected(Arrays.copyOf(gz, gz.length - 10), "gzip");
  }
}
