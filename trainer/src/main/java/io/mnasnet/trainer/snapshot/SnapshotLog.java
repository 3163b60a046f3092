package io.mnasnet.trainer.snapshot;

import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.trainer.runlog.JsonLinesLog;
import io.mnasnet.trainer.runlog.SnapshotRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes a finished snapshot's record to the run's {@code log.jsonl}. */
public final class SnapshotLog {

  private SnapshotLog() {}

  /** Appends the {@link SnapshotRecord} of {@code manifest} to {@code runDirectory/log.jsonl}. */
  public static void append(Path runDirectory, SnapshotManifest manifest) throws IOException {
    try (JsonLinesLog log = JsonLinesLog.openInRunDirectory(runDirectory)) {
      log.append(record(manifest));
    }
  }

  static SnapshotRecord record(SnapshotManifest manifest) {
    ModelLineage.StreamSnapshot snapshot = manifest.snapshot();
    List<String> partitions =
        snapshot.partitions().stream()
            .map(r -> r.topic() + "-" + r.partition() + ":[" + r.start() + ", " + r.end() + ")")
            .toList();
    ReadStatistics read = manifest.read();
    return new SnapshotRecord(
        snapshot.clusterId(),
        partitions,
        snapshot.records().read(),
        snapshot.records().train(),
        snapshot.records().validation(),
        snapshot.records().skipped(),
        read.bytes(),
        read.seconds(),
        read.recordsPerSecond(),
        read.megabytesPerSecond(),
        read.cpuMillisPerRecord(),
        read.cacheBytes());
  }
}
