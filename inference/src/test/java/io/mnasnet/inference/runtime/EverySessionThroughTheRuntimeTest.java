package io.mnasnet.inference.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code --device cpu} hides the GPU, and a GPU process takes only the memory it needs, only if
 * every Session of the process gets {@link ResolvedRuntime#config()}: no main source of any module
 * may open a Session or load a SavedModel except through {@link ResolvedRuntime} (and the GPU probe
 * it runs).
 */
class EverySessionThroughTheRuntimeTest {

  private static final Pattern OWN_SESSION =
      Pattern.compile("new Session\\(|SavedModelBundle\\s*\\.\\s*(load|loader)\\(");
  private static final List<String> ALLOWED = List.of("ResolvedRuntime.java", "GpuProbe.java");

  @Test
  void noMainSourceOpensASessionOfItsOwn() throws IOException {
    Path repository = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    List<Path> mainSources;
    try (Stream<Path> files = Files.walk(repository)) {
      mainSources =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> repository.relativize(p).toString().contains("/src/main/java/"))
              .toList();
    }
    assertThat(mainSources).as("main sources under %s", repository).hasSizeGreaterThan(100);

    List<String> offenders =
        mainSources.stream()
            .filter(p -> !ALLOWED.contains(p.getFileName().toString()))
            .filter(p -> OWN_SESSION.matcher(read(p)).find())
            .map(p -> repository.relativize(p).toString())
            .toList();
    assertThat(offenders)
        .as("open Sessions with ResolvedRuntime.session(graph) / loadSavedModel(dir, tag)")
        .isEmpty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
