package io.mnasnet.cli.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a snapshot starts in each partition ({@code --from}): the earliest offset, the first record
 * at or after a time, or explicit offsets. Parsed once, at the edge; {@link SnapshotBounds} turns
 * it into offsets.
 */
public sealed interface SnapshotStart {

  /** What the user wrote, for messages and the lineage. */
  String text();

  /** Every partition from its earliest offset. */
  record Earliest(String text) implements SnapshotStart {}

  /**
   * Every partition from the offset its consumer group committed (the end of the snapshot the
   * group's last successful run read), or from the earliest offset where it committed none.
   */
  record Committed(String text) implements SnapshotStart {}

  /** Every partition from its first record with a timestamp at or after {@code at}. */
  record AtTime(String text, Instant at) implements SnapshotStart {}

  /**
   * Named partitions from the given offsets; the other partitions of the topics read from their
   * earliest offset.
   */
  record AtOffsets(String text, List<Offset> offsets) implements SnapshotStart {
    public AtOffsets {
      offsets = List.copyOf(offsets);
    }
  }

  /**
   * One explicit start.
   *
   * @param topic the topic, or null for "the one topic read"
   * @param partition the partition
   * @param offset the first offset to read
   */
  record Offset(String topic, int partition, long offset) {}

  /** The help text of the forms {@link #parse} accepts. */
  String FORMS =
      "earliest (default); committed (where --group's last run ended; earliest for partitions it"
          + " has not read); a time: 2025-06-01T12:00:00Z, 2025-06-01 (UTC midnight), epoch"
          + " millis, or an age such as 24h, 90m, 7d (that long before now); or offsets:"
          + " PARTITION:OFFSET[,...] for the one topic read, TOPIC:PARTITION:OFFSET[,...] otherwise"
          + " (partitions not named start at their earliest offset)";

  /**
   * Parses {@code text}.
   *
   * @param clock now, for ages ({@code 24h})
   * @throws IllegalArgumentException naming the accepted forms
   */
  static SnapshotStart parse(String text, Clock clock) {
    String value = text.strip();
    if (value.equalsIgnoreCase("earliest")) {
      return new Earliest(value);
    }
    if (value.equalsIgnoreCase("committed")) {
      return new Committed(value);
    }
    try {
      return new AtTime(value, Instant.parse(value));
    } catch (DateTimeParseException notAnInstant) {
      // try the other forms
    }
    try {
      return new AtTime(value, LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException notADate) {
      // try the other forms
    }
    Matcher age = AGE.matcher(value.toLowerCase(Locale.ROOT));
    if (age.matches()) {
      long amount = Long.parseLong(age.group(1));
      Duration duration =
          switch (age.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      return new AtTime(value, clock.instant().minus(duration));
    }
    if (value.matches("[0-9]{1,19}")) {
      return new AtTime(value, Instant.ofEpochMilli(Long.parseLong(value)));
    }
    List<Offset> offsets = new ArrayList<>();
    for (String part : value.split(",")) {
      String[] fields = part.strip().split(":");
      try {
        if (fields.length == 2) {
          offsets.add(new Offset(null, Integer.parseInt(fields[0]), Long.parseLong(fields[1])));
          continue;
        }
        if (fields.length == 3 && !fields[0].isBlank()) {
          offsets.add(
              new Offset(fields[0], Integer.parseInt(fields[1]), Long.parseLong(fields[2])));
          continue;
        }
      } catch (NumberFormatException notNumbers) {
        // reported below
      }
      throw new IllegalArgumentException("--from '" + text + "' is none of: " + FORMS);
    }
    for (Offset offset : offsets) {
      if (offset.partition() < 0 || offset.offset() < 0) {
        throw new IllegalArgumentException(
            "--from '" + text + "': partitions and offsets are >= 0");
      }
    }
    return new AtOffsets(value, offsets);
  }

  /** An age: a number and a unit. */
  Pattern AGE = Pattern.compile("([0-9]{1,9})(s|m|h|d)");
}
