package io.mnasnet.fuzz.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.streams.config.InvalidConfigException;
import io.mnasnet.streams.config.SettingsResolver;
import io.mnasnet.streams.config.StreamsAppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The streaming app's properties file ({@code run --config FILE}), resolved ({@link
 * SettingsResolver}) and parsed ({@link StreamsAppConfig#from}) as {@code run} does: a
 * configuration, or an {@link InvalidConfigException} listing each bad setting with its source. A
 * configuration accepted prints ({@code --print-config}, the start-up log) without failing.
 */
class StreamsAppConfigFuzzTest {
  private static final InputContract CONTRACT =
      InputContract.of("streams-app-config", Duration.ofMillis(250), 16L << 20)
          .refusing(InvalidConfigException.class);

  private static Path file;

  @BeforeAll
  static void file() throws IOException {
    file = Files.createTempFile("fuzz-app", ".properties");
  }

  @FuzzTest
  void parsesOrRefusesEveryFile(byte[] properties) throws IOException {
    Files.write(file, properties);
    CONTRACT
        .check(() -> StreamsAppConfig.from(SettingsResolver.resolve(Map.of(), Map.of(), file)))
        .ifPresent(config -> assertThat(config.toString()).isNotBlank());
  }

  @AfterAll
  static void report() {
    CONTRACT.report();
  }
}
