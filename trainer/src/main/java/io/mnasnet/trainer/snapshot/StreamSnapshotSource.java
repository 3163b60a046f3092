package io.mnasnet.trainer.snapshot;

import java.io.IOException;
import java.io.PrintStream;

/**
 * A stream the train command can learn from: it reads a bounded snapshot into a {@link
 * SnapshotCache}, after which the run trains like any other, and {@code --resume} needs the stream
 * no more. The trainer knows no broker: the launcher ({@code bin/mnasnet}) supplies the Kafka
 * source, whose own options ({@code --from-kafka}, {@code --from}, the Kafka client settings) join
 * the train command's as a picocli mixin.
 */
public interface StreamSnapshotSource {

  /** A source never asked for: the train command of the trainer alone. */
  StreamSnapshotSource NONE =
      new StreamSnapshotSource() {
        @Override
        public boolean requested() {
          return false;
        }

        @Override
        public String name() {
          return "none";
        }

        @Override
        public SnapshotManifest read(SnapshotRequest request, PrintStream console) {
          throw new IllegalStateException("no stream to read");
        }
      };

  /** Whether the user asked to train from this source. */
  boolean requested();

  /** A short name of what is read, for the default model name (e.g. the first topic). */
  String name();

  /**
   * Reads the snapshot into {@link SnapshotRequest#cacheDirectory()}, printing progress and the
   * read rate to {@code console}.
   *
   * @throws UnusableSnapshotException when nothing in it can train
   * @throws IOException when the cache cannot be written
   */
  SnapshotManifest read(SnapshotRequest request, PrintStream console) throws IOException;

  /**
   * Called once the run that trained on {@code manifest}'s snapshot has finished, and been promoted
   * when it had a promotion gate: the source may record that its records were learnt (the Kafka
   * source commits the end offsets of its consumer group, if it has one).
   */
  default void runSucceeded(SnapshotManifest manifest, PrintStream console) throws IOException {}
}
