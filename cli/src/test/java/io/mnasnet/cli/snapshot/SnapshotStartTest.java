package io.mnasnet.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotStartTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2025-06-02T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsEveryForm() {
    assertThat(SnapshotStart.parse("earliest", NOW)).isInstanceOf(SnapshotStart.Earliest.class);
    assertThat(SnapshotStart.parse("committed", NOW)).isInstanceOf(SnapshotStart.Committed.class);
    assertThat(at("2025-06-01T08:30:00Z")).isEqualTo(Instant.parse("2025-06-01T08:30:00Z"));
    assertThat(at("2025-06-01")).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
    assertThat(at("1748736000000")).isEqualTo(Instant.ofEpochMilli(1748736000000L));
    assertThat(at("24h")).isEqualTo(Instant.parse("2025-06-01T12:00:00Z"));
    assertThat(at("90m")).isEqualTo(Instant.parse("2025-06-02T10:30:00Z"));
    assertThat(at("7d")).isEqualTo(Instant.parse("2025-05-26T12:00:00Z"));
    assertThat(SnapshotStart.parse("0:10,1:20", NOW))
        .isEqualTo(
            new SnapshotStart.AtOffsets(
                "0:10,1:20",
                List.of(
                    new SnapshotStart.Offset(null, 0, 10), new SnapshotStart.Offset(null, 1, 20))));
    assertThat(SnapshotStart.parse("images-in:2:5", NOW))
        .isEqualTo(
            new SnapshotStart.AtOffsets(
                "images-in:2:5", List.of(new SnapshotStart.Offset("images-in", 2, 5))));
  }

  @Test
  void anythingElseNamesTheForms() {
    for (String bad : List.of("yesterday", "0:x", "a:b:c:d", "-1:5", "")) {
      assertThatThrownBy(() -> SnapshotStart.parse(bad, NOW))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--from");
    }
  }

  private static Instant at(String text) {
    return ((SnapshotStart.AtTime) SnapshotStart.parse(text, NOW)).at();
  }
}
