package io.mnasnet.inference.versions;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(new ModelDirectory(root).nextVersion()).isEqualTo(2);
  }

  @Test
  void servesTheHighestCompleteNumberedVersion() throws IOException {
    savedModel("1");
    savedModel("2");
    savedModel("10");
    Files.createDirectories(root.resolve("11")); // being copied: no saved_model.pb yet
    savedModel("latest"); // not a number
    savedModel(".promote-12-abcd1234"); // a publisher's staging directory

    assertThat(new ModelDirectory(root).newest())
        .contains(new ModelDirectory.Version(10, root.resolve("10")));
  }

  @Test
  void aNewVersionGoesAboveEveryNumberedDirectoryCompleteOrNot() throws IOException {
    assertThat(new ModelDirectory(root.resolve("absent")).nextVersion()).isEqualTo(1);
    assertThat(new ModelDirectory(root).nextVersion()).isEqualTo(1);
    savedModel("3");
    Files.createDirectories(root.resolve("7")); // someone is copying version 7 by hand
    savedModel(".promote-9-abcd1234");
    assertThat(new ModelDirectory(root).nextVersion()).isEqualTo(8);
  }

  @Test
  void saysWhatIsExpectedWhenThereIsNoModel() {
    ModelDirectory empty = new ModelDirectory(root);
    assertThat(empty.newest()).isEmpty();
    assertThat(empty.expectedLayout())
        .contains(root.toString())
        .contains("saved_model.pb")
        .contains("1/, 2/");
  }

  private void savedModel(String name) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.createFile(dir.resolve("saved_model.pb"));
  }
}
