package io.mnasnet.streams.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {
  @TempDir Path root;

  @Test
  void aPlainSavedModelIsVersionOne() throws IOException {
    Files.createFile(root.resolve("saved_model.pb"));
    assertThat(new ModelDirectory(root).newest()).contains(new ModelDirectory.Version(1, root));
  }

  @Test
  void servesTheHighestCompleteNumberedVersion() throws IOException {
    savedModel("1");
    savedModel("2");
    savedModel("10");
    Files.createDirectories(root.resolve("11")); // being copied: no saved_model.pb yet
    savedModel("latest"); // not a number

    assertThat(new ModelDirectory(root).newest())
        .contains(new ModelDirectory.Version(10, root.resolve("10")));
  }

  @Test
  void saysWhatIsExpectedWhenThereIsNoModel() {
    assertThatThrownBy(() -> new ModelDirectory(root).requireNewest())
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(root.toString())
        .hasMessageContaining("saved_model.pb")
        .hasMessageContaining("1/, 2/");
  }

  private void savedModel(String name) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.createFile(dir.resolve("saved_model.pb"));
  }
}
