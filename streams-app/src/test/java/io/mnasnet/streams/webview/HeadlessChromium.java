package io.mnasnet.streams.webview;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven through chromedriver (Debian packages {@code chromium} and {@code
 * chromium-driver}), for browser tests of the web view. Without them, {@link #start} skips the test
 * with a message saying what to install. The binaries are found on the {@code PATH} (or given with
 * the system properties {@code mnasnet.chromium} and {@code webdriver.chrome.driver}); Selenium
 * Manager is never asked to download anything.
 */
public final class HeadlessChromium {
  private HeadlessChromium() {}

  /** Starts a browser with a fresh profile in {@code profileDir}, or skips the test. */
  public static ChromeDriver start(Path profileDir, int width, int height) {
    return start(profileDir, width, height, 0);
  }

  /**
   * Like {@link #start(Path, int, int)}, with the browser's processes at {@code niceness} (0 =
   * normal; 19 = only idle CPU, as if the browser ran on another machine: for benchmarks).
   */
  public static ChromeDriver start(Path profileDir, int width, int height, int niceness) {
    Optional<Path> browser =
        configured("mnasnet.chromium").or(() -> onPath("chromium", "chromium-browser"));
    if (niceness != 0 && browser.isPresent()) {
      browser = Optional.of(niceWrapper(browser.get(), profileDir, niceness));
    }
    Optional<Path> driver = configured("webdriver.chrome.driver").or(() -> onPath("chromedriver"));
    Assumptions.assumeTrue(
        browser.isPresent() && driver.isPresent(),
        "Skipped: no headless Chromium here (need `chromium` and `chromedriver` on the PATH;"
            + " Debian: apt-get install chromium chromium-driver)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.get().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // tests may run as root (CI containers)
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profileDir);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.get().toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().window().setSize(new Dimension(width, height));
    return chrome;
  }

  private static Path niceWrapper(Path browser, Path profileDir, int niceness) {
    try {
      Files.createDirectories(profileDir);
      Path script = profileDir.resolveSibling(profileDir.getFileName() + "-nice-chromium.sh");
      Files.writeString(
          script, "#!/bin/sh\nexec nice -n " + niceness + " '" + browser + "' \"$@\"\n");
      script.toFile().setExecutable(true);
      return script;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Optional<Path> configured(String property) {
    return Optional.ofNullable(System.getProperty(property))
        .map(Path::of)
        .filter(Files::isExecutable);
  }

  private static Optional<Path> onPath(String... names) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> dirs = List.of(path.split(java.io.File.pathSeparator));
    return Stream.of(names)
        .flatMap(name -> dirs.stream().map(dir -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
