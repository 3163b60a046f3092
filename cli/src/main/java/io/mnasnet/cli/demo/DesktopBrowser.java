package io.mnasnet.cli.demo;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Opens a URL in the user's browser where there is a desktop: Java's {@link Desktop} when the JVM
 * has a display, else {@code xdg-open} (Linux) when a display is set. On a server or in a container
 * it does nothing and says so.
 */
final class DesktopBrowser {
  private DesktopBrowser() {}

  /** Whether a browser was asked to open {@code url}. */
  static boolean open(String url) {
    if (!GraphicsEnvironment.isHeadless()
        && Desktop.isDesktopSupported()
        && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
      try {
        Desktop.getDesktop().browse(URI.create(url));
        return true;
      } catch (IOException | UnsupportedOperationException e) {
        // fall through to xdg-open
      }
    }
    boolean display = System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    Optional<Path> xdgOpen = onPath("xdg-open");
    if (!display || xdgOpen.isEmpty()) {
      return false;
    }
    try {
      new ProcessBuilder(xdgOpen.get().toString(), url)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
