package io.mnasnet.kafka.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * Formats a node's log directory for KRaft (what {@code kafka-storage.sh format} does), once: a
 * directory that already holds {@code meta.properties} is left as it is, so data survives restarts.
 */
final class LogDirectoryFormatter {

  private LogDirectoryFormatter() {}

  /** Returns a new random cluster id in Kafka's format. */
  static String newClusterId() {
    return Uuid.randomUuid().toString();
  }

  /** Whether {@code logDir} was formatted before. */
  static boolean isFormatted(Path logDir) {
    return Files.exists(logDir.resolve("meta.properties"));
  }

  /**
   * Formats {@code logDir} for node {@code nodeId} of cluster {@code clusterId} unless it is
   * formatted already.
   *
   * @return true if it formatted the directory, false if it was formatted before
   */
  static boolean formatIfNeeded(Path logDir, int nodeId, String clusterId) {
    if (isFormatted(logDir)) {
      return false;
    }
    try {
      Files.createDirectories(logDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(nodeId)
          .setClusterId(clusterId)
          .setDirectories(List.of(logDir.toAbsolutePath().toString()))
          .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
          .setControllerListenerName(NodeProperties.CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
      return true;
    } catch (Exception e) {
      throw new IllegalStateException(
          "Could not format Kafka log directory " + logDir + " for node " + nodeId + ": " + e, e);
    }
  }
}
