package io.mnasnet.trainer.snapshot;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mnasnet.trainer.augment.EncodedSamples;
import io.mnasnet.trainer.augment.FloatImage;
import io.mnasnet.trainer.augment.LabelledImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A snapshot of Kafka topics read once into a run directory ({@code RUN_DIR/snapshot/}), compact
 * and bigger than memory if need be: epochs shuffle over it, {@code train --resume} reuses it, and
 * nothing of it is held in the heap but a small index. Layout:
 *
 * <pre>
 * snapshot/
 *   manifest.json   {@link SnapshotManifest}: preprocessing, classes, lineage, counts; written last
 *   pixels.bin      every usable image at the input size, 8-bit, in its own channels, back to back
 *   originals.bin   the encoded bytes (PNG/JPEG) of the held-out images: 4-byte length, then bytes
 *   index.bin       40 bytes per usable image, sorted by topic, partition, offset: topic number,
 *                   partition, offset, pixel offset, original offset (-1: training), class,
 *                   channels, held out (0/1), 2 bytes of padding; big-endian
 *   records.csv     every record read, in reading order: topic,partition,offset,id,label,use
 *                   (train, validation, or "skipped: reason")
 * </pre>
 *
 * Reads of images are positional and thread-safe, for the batch loader's workers.
 */
public final class SnapshotCache {
  /** The cache's directory inside a run directory. */
  public static final String DIRECTORY = "snapshot";

  /** The manifest file, written last. */
  public static final String MANIFEST = "manifest.json";

  static final String PIXELS = "pixels.bin";
  static final String ORIGINALS = "originals.bin";
  static final String INDEX = "index.bin";

  /** Every record read and what became of it. */
  public static final String RECORDS = "records.csv";

  static final int INDEX_ENTRY_BYTES = 40;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final Path directory;
  private final SnapshotManifest manifest;
  private final CachedSamples train;
  private final CachedSamples validation;

  private SnapshotCache(
      Path directory, SnapshotManifest manifest, CachedSamples train, CachedSamples validation) {
    this.directory = directory;
    this.manifest = manifest;
    this.train = train;
    this.validation = validation;
  }

  /** Whether {@code directory} holds a finished cache. */
  public static boolean isComplete(Path directory) {
    return Files.isRegularFile(directory.resolve(MANIFEST));
  }

  /** The manifest of the finished cache in {@code directory}, without opening its images. */
  public static SnapshotManifest readManifest(Path directory) throws IOException {
    Path file = directory.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(),
          null,
          "no finished snapshot cache (the read was interrupted, or this is no run from Kafka)");
    }
    SnapshotManifest manifest = JSON.readValue(file.toFile(), SnapshotManifest.class);
    if (manifest.format() != SnapshotManifest.FORMAT) {
      throw new IOException(
          file
              + " is a cache of format "
              + manifest.format()
              + "; this version reads format "
              + SnapshotManifest.FORMAT);
    }
    return manifest;
  }

  /** Opens the finished cache in {@code directory}. */
  public static SnapshotCache open(Path directory) throws IOException {
    SnapshotManifest manifest = readManifest(directory);
    ByteBuffer index = ByteBuffer.wrap(Files.readAllBytes(directory.resolve(INDEX)));
    int entries = index.capacity() / INDEX_ENTRY_BYTES;
    if ((long) entries != manifest.trainImages() + manifest.validationImages()) {
      throw new IOException(
          directory.resolve(INDEX)
              + " holds "
              + entries
              + " images, the manifest says "
              + (manifest.trainImages() + manifest.validationImages()));
    }
    int size = manifest.preprocessing().imageSize();
    CachedSamples.Builder train = new CachedSamples.Builder((int) manifest.trainImages());
    CachedSamples.Builder validation = new CachedSamples.Builder((int) manifest.validationImages());
    for (int i = 0; i < entries; i++) {
      int at = i * INDEX_ENTRY_BYTES;
      long pixelOffset = index.getLong(at + 16);
      long originalOffset = index.getLong(at + 24);
      int label = index.getInt(at + 32);
      byte channels = index.get(at + 36);
      boolean heldOut = index.get(at + 37) != 0;
      (heldOut ? validation : train).add(pixelOffset, originalOffset, label, channels);
    }
    FileChannel pixels = FileChannel.open(directory.resolve(PIXELS), StandardOpenOption.READ);
    FileChannel originals = FileChannel.open(directory.resolve(ORIGINALS), StandardOpenOption.READ);
    return new SnapshotCache(
        directory,
        manifest,
        train.build(pixels, originals, size),
        validation.build(pixels, originals, size));
  }

  public Path directory() {
    return directory;
  }

  public SnapshotManifest manifest() {
    return manifest;
  }

  /** The training images, in index order. */
  public EncodedSamples train() {
    return train;
  }

  /** The held-out images, in index order, with their original bytes. */
  public EncodedSamples validation() {
    return validation;
  }

  static ObjectMapper json() {
    return JSON;
  }

  /** One split's images: positions in the cache files, classes, channels. */
  private static final class CachedSamples implements EncodedSamples {
    private final long[] pixelOffsets;
    private final long[] originalOffsets;
    private final int[] labels;
    private final byte[] channels;
    private final FileChannel pixels;
    private final FileChannel originals;
    private final int size;

    private CachedSamples(
        long[] pixelOffsets,
        long[] originalOffsets,
        int[] labels,
        byte[] channels,
        FileChannel pixels,
        FileChannel originals,
        int size) {
      this.pixelOffsets = pixelOffsets;
      this.originalOffsets = originalOffsets;
      this.labels = labels;
      this.channels = channels;
      this.pixels = pixels;
      this.originals = originals;
      this.size = size;
    }

    @Override
    public int size() {
      return labels.length;
    }

    @Override
    public int label(int index) {
      return labels[index];
    }

    @Override
    public LabelledImage load(int index) throws IOException {
      int depth = channels[index];
      byte[] bytes = new byte[size * size * depth];
      readFully(pixels, ByteBuffer.wrap(bytes), pixelOffsets[index]);
      return new LabelledImage(
          FloatImage.fromUnsignedBytes(bytes, size, size, depth), labels[index]);
    }

    @Override
    public byte[] encoded(int index) throws IOException {
      long at = originalOffsets[index];
      if (at < 0) {
        throw new IllegalStateException("training images keep no original bytes");
      }
      ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
      readFully(originals, length, at);
      byte[] bytes = new byte[length.getInt(0)];
      readFully(originals, ByteBuffer.wrap(bytes), at + Integer.BYTES);
      return bytes;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position)
        throws IOException {
      long at = position;
      while (into.hasRemaining()) {
        int n = channel.read(into, at);
        if (n < 0) {
          throw new EOFException("snapshot cache file ends before offset " + at);
        }
        at += n;
      }
    }

    private static final class Builder {
      private final long[] pixelOffsets;
      private final long[] originalOffsets;
      private final int[] labels;
      private final byte[] channels;
      private int count;

      Builder(int capacity) {
        pixelOffsets = new long[capacity];
        originalOffsets = new long[capacity];
        labels = new int[capacity];
        channels = new byte[capacity];
      }

      void add(long pixelOffset, long originalOffset, int label, byte depth) {
        if (count == labels.length) {
          throw new IllegalStateException("the index holds more images than the manifest says");
        }
        pixelOffsets[count] = pixelOffset;
        originalOffsets[count] = originalOffset;
        labels[count] = label;
        channels[count] = depth;
        count++;
      }

      CachedSamples build(FileChannel pixels, FileChannel originals, int size) {
        if (count != labels.length) {
          throw new IllegalStateException("the index holds fewer images than the manifest says");
        }
        return new CachedSamples(
            pixelOffsets, originalOffsets, labels, channels, pixels, originals, size);
      }
    }
  }
}
