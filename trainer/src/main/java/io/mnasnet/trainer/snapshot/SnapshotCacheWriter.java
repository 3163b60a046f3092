package io.mnasnet.trainer.snapshot;

import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a snapshot cache ({@link SnapshotCache} describes the layout) while the snapshot is read:
 * every record is either {@linkplain #add added} (its image already at the input size, its original
 * bytes kept when it is held out) or {@linkplain #skip skipped} with a reason; {@link #finish}
 * decides the classes, checks the snapshot can serve, sorts the index by topic, partition and
 * offset (so the cache is the same whatever order the partitions arrived in) and writes the
 * manifest last. Called from one thread at a time.
 */
public final class SnapshotCacheWriter implements Closeable {
  /** Whether a cache must hold training images, or only held-out ones (to score models). */
  public enum Purpose {
    TRAINING,
    EVALUATION
  }

  private final Path directory;
  private final Preprocessing preprocessing;
  private final ClassLabels classes;
  private final CachedImageGeometry geometry;
  private final CountingStream pixels;
  private final CountingStream originals;
  private final BufferedWriter records;
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Integer> topics = new LinkedHashMap<>();
  private final Map<String, String> labelValues = new HashMap<>();
  private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
  private final Map<SkipReason, String> examples = new EnumMap<>(SkipReason.class);
  private long read;
  private boolean finished;

  private SnapshotCacheWriter(Path directory, Preprocessing preprocessing, ClassLabels classes)
      throws IOException {
    this.directory = directory;
    this.preprocessing = preprocessing;
    this.classes = classes;
    this.geometry = new CachedImageGeometry(preprocessing);
    this.pixels = new CountingStream(directory.resolve(SnapshotCache.PIXELS));
    this.originals = new CountingStream(directory.resolve(SnapshotCache.ORIGINALS));
    this.records =
        Files.newBufferedWriter(directory.resolve(SnapshotCache.RECORDS), StandardCharsets.UTF_8);
    records.write("topic,partition,offset,id,label,use\n");
  }

  /**
   * Starts a cache in {@code directory}, which must not exist or be empty.
   *
   * @param preprocessing what the images are prepared for
   * @param classes the class list, or how to derive it
   */
  public static SnapshotCacheWriter create(
      Path directory, Preprocessing preprocessing, ClassLabels classes) throws IOException {
    Files.createDirectories(directory);
    try (var children = Files.list(directory)) {
      if (children.findAny().isPresent()) {
        throw new IOException(directory + " is not empty; a snapshot cache needs a new directory");
      }
    }
    return new SnapshotCacheWriter(directory, preprocessing, classes);
  }

  /** Prepares decoded images for this cache; thread-safe, so decoders can call it in parallel. */
  public CachedImageGeometry geometry() {
    return geometry;
  }

  /** The class list, or how it is derived; thread-safe. */
  public ClassLabels classes() {
    return classes;
  }

  public Path directory() {
    return directory;
  }

  /**
   * Counts a record that is not used.
   *
   * @param label its label, or null
   * @param detail what exactly was wrong, for the message when nothing is usable
   */
  public void skip(RecordRef record, String label, SkipReason reason, String detail)
      throws IOException {
    read++;
    skipped.merge(reason, 1L, Long::sum);
    examples.putIfAbsent(reason, describe(record) + ": " + detail);
    writeLine(record, label, "skipped: " + reason.words());
  }

  /**
   * Adds a usable record.
   *
   * @param label its label, which {@link #classes()} {@linkplain ClassLabels#matches matches}
   * @param heldOut whether it is held out for validation
   * @param image its pixels at the input size
   * @param original its encoded bytes, kept for held-out records (the promotion gate scores models
   *     on them); ignored for training records
   */
  public void add(
      RecordRef record, String label, boolean heldOut, CachedImage image, byte[] original)
      throws IOException {
    if (image.size() != geometry.size()) {
      throw new IllegalArgumentException(
          "image of side " + image.size() + " in a cache of side " + geometry.size());
    }
    read++;
    long pixelOffset = pixels.count();
    pixels.write(image.pixels());
    long originalOffset = -1;
    if (heldOut) {
      originalOffset = originals.count();
      originals.writeInt(original.length);
      originals.write(original);
    }
    int topic = topics.computeIfAbsent(record.topic(), t -> topics.size());
    entries.add(
        new Entry(
            topic,
            record.partition(),
            record.offset(),
            pixelOffset,
            originalOffset,
            labelValues.computeIfAbsent(label, l -> l),
            (byte) image.channels(),
            heldOut));
    writeLine(record, label, heldOut ? "validation" : "train");
  }

  /** Records seen so far. */
  public long recordsRead() {
    return read;
  }

  /**
   * Completes the cache.
   *
   * @param origin what was read
   * @param statistics how fast ({@link ReadStatistics#cacheBytes()} is filled in here)
   * @param purpose whether training images are required
   * @throws UnusableSnapshotException when the snapshot cannot serve its purpose; the message says
   *     what was read, what was skipped and why, and what to do
   */
  public SnapshotManifest finish(SnapshotOrigin origin, ReadStatistics statistics, Purpose purpose)
      throws IOException {
    close();
    List<String> classNames = classes.resolve(new LinkedHashSet<>(labelValues.values()));
    long train = 0;
    long validation = 0;
    Map<String, Long> perClass = new LinkedHashMap<>();
    classNames.forEach(name -> perClass.put(name, 0L));
    for (Entry entry : entries) {
      entry.classIndex = ClassLabels.classOf(classNames, entry.label).orElseThrow();
      if (entry.heldOut) {
        validation++;
      } else {
        train++;
        perClass.merge(classNames.get(entry.classIndex), 1L, Long::sum);
      }
    }
    checkUsable(origin, purpose, train, validation);
    entries.sort(
        Comparator.comparingInt((Entry e) -> e.topic)
            .thenComparingInt(e -> e.partition)
            .thenComparingLong(e -> e.offset));
    writeIndex();
    Map<String, Long> skippedByWords = new LinkedHashMap<>();
    skipped.forEach((reason, count) -> skippedByWords.put(reason.words(), count));
    ModelLineage.Records counts =
        new ModelLineage.Records(read, train, validation, skippedByWords, perClass);
    long cacheBytes =
        pixels.count()
            + originals.count()
            + (long) entries.size() * SnapshotCache.INDEX_ENTRY_BYTES;
    SnapshotManifest manifest =
        new SnapshotManifest(
            SnapshotManifest.FORMAT,
            preprocessing,
            classNames,
            new ArrayList<>(topics.keySet()),
            train,
            validation,
            origin.lineage(counts),
            new ReadStatistics(
                statistics.records(),
                statistics.bytes(),
                statistics.seconds(),
                statistics.cpuSeconds(),
                cacheBytes));
    Path temporary = directory.resolve(SnapshotCache.MANIFEST + ".tmp");
    SnapshotCache.json().writeValue(temporary.toFile(), manifest);
    Files.move(
        temporary,
        directory.resolve(SnapshotCache.MANIFEST),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return manifest;
  }

  private void checkUsable(SnapshotOrigin origin, Purpose purpose, long train, long validation)
      throws UnusableSnapshotException {
    String what =
        "read "
            + read
            + " record"
            + (read == 1 ? "" : "s")
            + " of "
            + describeTopics(origin)
            + (skipped.isEmpty() ? "" : "; skipped " + describeSkipped());
    if (train + validation == 0) {
      String hint =
          skipped.isEmpty()
              ? "produce labelled images to the topic first"
              : skipped.keySet().stream()
                  .max(Comparator.comparingLong(skipped::get))
                  .orElseThrow()
                  .hint();
      throw new UnusableSnapshotException(
          "no usable record in the snapshot: "
              + what
              + ". "
              + Character.toUpperCase(hint.charAt(0))
              + hint.substring(1)
              + ".");
    }
    boolean keyHash = ModelLineage.Split.KEY_HASH.equals(origin.split().method());
    if (purpose == Purpose.TRAINING && train == 0) {
      throw new UnusableSnapshotException(
          "no record is left to train on: "
              + what
              + "; all "
              + validation
              + " usable records are held out for validation"
              + (keyHash
                  ? " (--val-fraction " + origin.split().fraction() + "). Lower --val-fraction."
                  : ". Name other topics with --from-kafka than with --val-from-kafka."));
    }
    if (validation == 0) {
      throw new UnusableSnapshotException(
          "no record is held out for validation: "
              + what
              + (keyHash
                  ? "; none of the "
                      + train
                      + " usable records fell into the --val-fraction "
                      + origin.split().fraction()
                      + " split. Raise --val-fraction, read more records, or name a validation"
                      + " topic with --val-from-kafka."
                  : "; the validation topic holds no usable record."));
    }
  }

  private String describeSkipped() {
    return skipped.entrySet().stream()
        .map(
            e ->
                e.getValue()
                    + " "
                    + e.getKey().words()
                    + " (e.g. "
                    + examples.get(e.getKey())
                    + ")")
        .collect(Collectors.joining(", "));
  }

  private static String describeTopics(SnapshotOrigin origin) {
    Map<String, List<ModelLineage.PartitionRange>> byTopic = new LinkedHashMap<>();
    for (ModelLineage.PartitionRange range : origin.partitions()) {
      byTopic.computeIfAbsent(range.topic(), t -> new ArrayList<>()).add(range);
    }
    return byTopic.entrySet().stream()
        .map(
            e ->
                "'"
                    + e.getKey()
                    + "' "
                    + e.getValue().stream()
                        .map(r -> r.partition() + ":[" + r.start() + ", " + r.end() + ")")
                        .collect(Collectors.joining(" ")))
        .collect(Collectors.joining(", "));
  }

  private static String describe(RecordRef record) {
    return (record.id() == null ? "a record" : "'" + record.id() + "'")
        + " at "
        + record.topic()
        + "-"
        + record.partition()
        + "@"
        + record.offset();
  }

  private void writeIndex() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(SnapshotCache.INDEX_ENTRY_BYTES * 1024);
    try (FileChannel index =
        FileChannel.open(
            directory.resolve(SnapshotCache.INDEX),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE)) {
      for (Entry entry : entries) {
        if (buffer.remaining() < SnapshotCache.INDEX_ENTRY_BYTES) {
          drain(buffer, index);
        }
        buffer
            .putInt(entry.topic)
            .putInt(entry.partition)
            .putLong(entry.offset)
            .putLong(entry.pixelOffset)
            .putLong(entry.originalOffset)
            .putInt(entry.classIndex)
            .put(entry.channels)
            .put((byte) (entry.heldOut ? 1 : 0))
            .putShort((short) 0);
      }
      drain(buffer, index);
    }
  }

  private static void drain(ByteBuffer buffer, FileChannel channel) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void writeLine(RecordRef record, String label, String use) throws IOException {
    records.write(csv(record.topic()));
    records.write(',');
    records.write(Integer.toString(record.partition()));
    records.write(',');
    records.write(Long.toString(record.offset()));
    records.write(',');
    records.write(csv(record.id()));
    records.write(',');
    records.write(csv(label));
    records.write(',');
    records.write(use);
    records.write('\n');
  }

  /** A CSV field: quoted when it holds a comma, a quote or a line break. */
  private static String csv(String value) {
    if (value == null) {
      return "";
    }
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    try (records;
        OutputStream p = pixels.out;
        OutputStream o = originals.out) {
      // closes all three, in reverse order, even if one fails
    }
  }

  /** One usable record; the class is decided by {@link #finish}. */
  private static final class Entry {
    final int topic;
    final int partition;
    final long offset;
    final long pixelOffset;
    final long originalOffset;
    final String label;
    final byte channels;
    final boolean heldOut;
    int classIndex = -1;

    Entry(
        int topic,
        int partition,
        long offset,
        long pixelOffset,
        long originalOffset,
        String label,
        byte channels,
        boolean heldOut) {
      this.topic = topic;
      this.partition = partition;
      this.offset = offset;
      this.pixelOffset = pixelOffset;
      this.originalOffset = originalOffset;
      this.label = label;
      this.channels = channels;
      this.heldOut = heldOut;
    }
  }

  /** A buffered file output that knows how many bytes it has written (beyond 2 GB too). */
  private static final class CountingStream {
    final DataOutputStream out;
    private long count;

    CountingStream(Path file) throws IOException {
      this.out =
          new DataOutputStream(
              new BufferedOutputStream(
                  Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 16));
    }

    void write(byte[] bytes) throws IOException {
      out.write(bytes);
      count += bytes.length;
    }

    void writeInt(int value) throws IOException {
      out.writeInt(value);
      count += Integer.BYTES;
    }

    long count() {
      return count;
    }
  }
}
