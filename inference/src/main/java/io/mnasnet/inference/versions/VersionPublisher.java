package io.mnasnet.inference.versions;

import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.schemas.ModelMetadata;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Publishes a new version into a {@link ModelDirectory} so that the streaming app's hot reload
 * never sees half of it, whenever the publishing process dies (even by {@code kill -9} or a power
 * cut):
 *
 * <ol>
 *   <li>the version is written aside, into {@code DIR/.promote-N-<random>/}, a name the app ignores
 *       (not a number): every file copied, {@code mnasnet.json} rewritten with version N, then
 *       every file and directory flushed to the disk ({@code fsync});
 *   <li>the finished directory is renamed to {@code DIR/N} in one atomic step, and {@code DIR}
 *       flushed, so the rename itself survives a power cut.
 * </ol>
 *
 * <p>So at any moment {@code DIR} holds the old versions, possibly a staging directory that the
 * next publisher deletes, and {@code N/} either not at all or complete. Publishers take a lock
 * ({@value #LOCK_FILE} in {@code DIR}, an OS file lock released when the process dies), so two
 * promotions never pick the same number, and a promotion's comparison with the served version stays
 * true until it has published.
 */
public final class VersionPublisher {
  /** Prefix of the staging directories (ignored by {@link ModelDirectory}). */
  public static final String STAGING_PREFIX = ".promote-";

  /** The lock file in the model directory. */
  public static final String LOCK_FILE = ".promote.lock";

  private final ModelDirectory directory;

  public VersionPublisher(ModelDirectory directory) {
    this.directory = directory;
  }

  /** The model directory written to. */
  public ModelDirectory directory() {
    return directory;
  }

  /**
   * Takes the model directory's lock (creating the directory if needed) and deletes what a killed
   * publisher left behind.
   *
   * @throws IOException when another process holds the lock (the message says so) or the directory
   *     cannot be written
   */
  public Lock lock() throws IOException {
    Files.createDirectories(directory.root());
    Path file = directory.root().resolve(LOCK_FILE);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException(
          "another promotion is writing to "
              + directory.root()
              + " (it holds "
              + file
              + "); wait for it to finish and try again");
    }
    Lock held = new Lock(channel, lock);
    try {
      deleteStaleStaging();
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
    return held;
  }

  /**
   * Publishes the SavedModel in {@code source} as the next version: its files, with {@code
   * mnasnet.json} replaced by {@code metadata} at the new version's number.
   *
   * @param lock the lock of {@link #lock()}, held
   * @param source a complete model version directory (not modified)
   * @param metadata the metadata to write, any version number (it is replaced)
   * @return the published version
   * @throws IOException when a file cannot be copied or the rename fails; nothing is published then
   *     and the staging directory is removed
   */
  public ModelDirectory.Version publish(Lock lock, Path source, ModelMetadata metadata)
      throws IOException {
    return publish(lock, source, metadata, Map.of());
  }

  /**
   * As {@link #publish(Lock, Path, ModelMetadata)}, adding files to the version (e.g. the training
   * run's records under {@code training/}).
   *
   * @param extraFiles path inside the version (relative, '/'-separated) to the file to copy there
   */
  public ModelDirectory.Version publish(
      Lock lock, Path source, ModelMetadata metadata, Map<String, Path> extraFiles)
      throws IOException {
    if (!lock.isValid()) {
      throw new IllegalStateException("publish needs the model directory's lock, held");
    }
    if (!ModelDirectory.isSavedModel(source)) {
      throw new IOException(source + " is not a SavedModel directory (no saved_model.pb)");
    }
    int version = directory.nextVersion();
    Path target = directory.root().resolve(Integer.toString(version));
    Path staging =
        directory
            .root()
            .resolve(STAGING_PREFIX + version + "-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      copyTree(source, staging);
      for (Map.Entry<String, Path> extra : extraFiles.entrySet()) {
        Path to = staging.resolve(extra.getKey()).normalize();
        if (!to.startsWith(staging)) {
          throw new IllegalArgumentException(extra.getKey() + " is not inside the version");
        }
        Files.createDirectories(to.getParent());
        Files.copy(extra.getValue(), to, StandardCopyOption.REPLACE_EXISTING);
      }
      ModelMetadataFile.write(staging, metadata.withVersion(version));
      syncTree(staging);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException e) {
        throw new IOException(target + " appeared while publishing; nothing was published", e);
      }
      syncDirectory(directory.root());
      return new ModelDirectory.Version(version, target);
    } finally {
      deleteRecursively(staging); // gone after the rename; after a failure, the partial copy
    }
  }

  /** The staging directories of publishers that died; only called holding the lock. */
  private void deleteStaleStaging() throws IOException {
    List<Path> stale;
    try (Stream<Path> children = Files.list(directory.root())) {
      stale =
          children
              .filter(Files::isDirectory)
              .filter(dir -> dir.getFileName().toString().startsWith(STAGING_PREFIX))
              .toList();
    }
    for (Path dir : stale) {
      deleteRecursively(dir);
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path from : walk.toList()) {
        Path to = target.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
  }

  /** Flushes every file, then every directory, deepest first. */
  private static void syncTree(Path root) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        syncDirectory(path);
      } else {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
      }
    }
  }

  /** Flushes a directory's entries (a rename or a new file in it) to the disk. */
  private static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems refuse to open a directory for syncing; the rename is still atomic
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The model directory's publishing lock; close it to release. */
  public static final class Lock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Lock(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    boolean isValid() {
      return lock.isValid();
    }

    @Override
    public void close() throws IOException {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
