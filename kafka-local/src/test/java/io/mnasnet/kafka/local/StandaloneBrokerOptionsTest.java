package io.mnasnet.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.kafka.local.StandaloneBroker.Options;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StandaloneBrokerOptionsTest {

  @Test
  void defaultsMatchTheScript() {
    assertThat(Options.parse(new String[0]))
        .isEqualTo(new Options(Path.of("work/kafka"), 9092, 9093));
  }

  @Test
  void parsesAllOptions() {
    assertThat(
            Options.parse(
                new String[] {"--dir", "/data/k", "--port", "19092", "--controller-port", "19093"}))
        .isEqualTo(new Options(Path.of("/data/k"), 19092, 19093));
  }

  @Test
  void rejectsBadInputNamingTheOption() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--port", "x"}))
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> Options.parse(new String[] {"--port"}))
        .hasMessageContaining("Missing value after --port");
    assertThatThrownBy(() -> Options.parse(new String[] {"--bogus", "1"}))
        .hasMessageContaining("--bogus");
    assertThatThrownBy(() -> Options.parse(new String[] {"--port", "9093"}))
        .hasMessageContaining("must differ");
  }

  @Test
  void helpReturnsNoOptions() {
    assertThat(Options.parse(new String[] {"--help"})).isNull();
  }
}
