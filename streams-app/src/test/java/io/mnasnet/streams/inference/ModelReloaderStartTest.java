package io.mnasnet.streams.inference;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.versions.ModelDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReloaderStartTest {
  @TempDir Path root;

  @Test
  void saysWhatIsExpectedWhenThereIsNoModel() {
    assertThatThrownBy(() -> ModelReloader.requireNewest(new ModelDirectory(root)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(root.toString())
        .hasMessageContaining("saved_model.pb")
        .hasMessageContaining("1/, 2/");
  }
}
