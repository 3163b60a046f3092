package io.mnasnet.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The figures of one reliability scenario, as a test measured them (here and, through the test jar,
 * in cli's tests): printed, and written to {@code target/reliability/<scenario>.tsv} of the module,
 * where RELIABILITY.md's table takes them from.
 *
 * @param sent input records the test sent
 * @param predicted distinct ids that got a prediction (read_committed)
 * @param deadLettered distinct ids that went to the dead-letter topic
 * @param lost ids sent but found in neither
 * @param duplicated extra copies beyond one per id, over both topics
 */
public record ReliabilityCounts(
    String scenario, long sent, long predicted, long deadLettered, long lost, long duplicated) {

  /**
   * Counts from what was sent and what a read_committed reader found on both topics.
   *
   * @param sentIds the ids (keys) sent
   * @param predictedKeys the key of every prediction read, duplicates included
   * @param deadLetterKeys the key of every dead letter read, duplicates included
   */
  public static ReliabilityCounts of(
      String scenario,
      Collection<String> sentIds,
      List<String> predictedKeys,
      List<String> deadLetterKeys) {
    Set<String> predicted = new HashSet<>(predictedKeys);
    Set<String> deadLettered = new HashSet<>(deadLetterKeys);
    Set<String> seen = new HashSet<>(predicted);
    seen.addAll(deadLettered);
    long lost = sentIds.stream().filter(id -> !seen.contains(id)).count();
    long duplicated =
        (predictedKeys.size() + deadLetterKeys.size())
            - (predicted.size() + deadLettered.size())
            + predicted.stream().filter(deadLettered::contains).count();
    return new ReliabilityCounts(
        scenario, sentIds.size(), predicted.size(), deadLettered.size(), lost, duplicated);
  }

  /** Prints the figures and writes them for RELIABILITY.md. */
  public ReliabilityCounts write() {
    String line =
        String.join(
            "\t",
            scenario,
            Long.toString(sent),
            Long.toString(predicted),
            Long.toString(deadLettered),
            Long.toString(lost),
            Long.toString(duplicated));
    System.out.println("RELIABILITY " + line.replace('\t', ' '));
    try {
      Path dir = Files.createDirectories(Path.of("target", "reliability"));
      Files.writeString(
          dir.resolve(scenario + ".tsv"),
          "scenario\tsent\tpredicted\tdead-lettered\tlost\tduplicated\n" + line + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
