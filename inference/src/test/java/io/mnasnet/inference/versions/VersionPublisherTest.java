package io.mnasnet.inference.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.schemas.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionPublisherTest {
  @TempDir Path work;

  @Test
  void publishesACompleteCopyAsTheNextVersionWithItsNumberInTheMetadata() throws IOException {
    Path models = work.resolve("models");
    Path served = version(models.resolve("1"), "served");
    Path candidate = version(work.resolve("candidate"), "candidate");
    ModelDirectory directory = new ModelDirectory(models);
    VersionPublisher publisher = new VersionPublisher(directory);

    ModelDirectory.Version published;
    try (VersionPublisher.Lock lock = publisher.lock()) {
      published = publisher.publish(lock, candidate, ModelMetadataFile.read(candidate));
    }

    assertThat(published).isEqualTo(new ModelDirectory.Version(2, models.resolve("2")));
    assertThat(directory.newest()).contains(published);
    assertThat(Files.readString(models.resolve("2/variables/variables.index")))
        .isEqualTo("candidate");
    assertThat(ModelMetadataFile.read(models.resolve("2")).version()).isEqualTo(2);
    assertThat(ModelMetadataFile.read(models.resolve("2")).name()).isEqualTo("candidate");
    assertThat(Files.readString(served.resolve("variables/variables.index"))).isEqualTo("served");
    assertThat(ModelMetadataFile.read(candidate).version()).as("source untouched").isEqualTo(1);
    assertThat(names(models)).containsExactlyInAnyOrder("1", "2", VersionPublisher.LOCK_FILE);
  }

  @Test
  void theNextPublisherRemovesWhatAKilledOneLeftAside() throws IOException {
    Path models = work.resolve("models");
    version(models.resolve("1"), "served");
    Path leftover = version(models.resolve(VersionPublisher.STAGING_PREFIX + "2-deadbeef"), "half");
    ModelDirectory directory = new ModelDirectory(models);
    assertThat(directory.newest().orElseThrow().version()).as("ignored by readers").isEqualTo(1);

    VersionPublisher publisher = new VersionPublisher(directory);
    try (VersionPublisher.Lock lock = publisher.lock()) {
      assertThat(leftover).doesNotExist();
      Path candidate = version(work.resolve("candidate"), "candidate");
      assertThat(publisher.publish(lock, candidate, ModelMetadataFile.read(candidate)).version())
          .isEqualTo(2);
    }
  }

  @Test
  void oneLockAtATime() throws IOException {
    VersionPublisher publisher = new VersionPublisher(new ModelDirectory(work.resolve("models")));
    try (VersionPublisher.Lock lock = publisher.lock()) {
      assertThatThrownBy(publisher::lock)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another promotion is writing to");
    }
    publisher.lock().close(); // released
  }

  @Test
  void aSourceThatIsNoSavedModelPublishesNothing() throws IOException {
    Path models = work.resolve("models");
    version(models.resolve("1"), "served");
    Path notAModel = Files.createDirectories(work.resolve("empty"));
    VersionPublisher publisher = new VersionPublisher(new ModelDirectory(models));
    try (VersionPublisher.Lock lock = publisher.lock()) {
      assertThatThrownBy(
              () -> publisher.publish(lock, notAModel, ModelMetadataFile.read(models.resolve("1"))))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("saved_model.pb");
    }
    assertThat(names(models)).containsExactlyInAnyOrder("1", VersionPublisher.LOCK_FILE);
  }

  /** A stand-in version directory: the files a reader checks, with recognisable contents. */
  private static Path version(Path dir, String name) throws IOException {
    Files.createDirectories(dir.resolve("variables"));
    Files.writeString(dir.resolve("saved_model.pb"), name);
    Files.writeString(dir.resolve("variables/variables.index"), name);
    ModelMetadataFile.write(
        dir,
        new ModelMetadata(
            name,
            1,
            "mnasnet-b1",
            0.5,
            List.of("a", "b"),
            new ModelMetadata.Preprocessing(
                32, "pad", 0, List.of(0.5, 0.5, 0.5), List.of(0.25, 0.25, 0.25), "replicate"),
            ModelMetadata.Signatures.DEFAULT));
    return dir;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.map(p -> p.getFileName().toString()).toList();
    }
  }
}
