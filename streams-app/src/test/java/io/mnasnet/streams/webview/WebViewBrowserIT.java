package io.mnasnet.streams.webview;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static io.mnasnet.streams.KafkaTestSupport.rawRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.kafka.local.EmbeddedKafkaCluster;
import io.mnasnet.kafka.local.SharedKafkaClusters;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.KafkaTestSupport;
import io.mnasnet.streams.KafkaTestSupport.TestTopics;
import io.mnasnet.streams.OperationsEndpoint;
import io.mnasnet.streams.StreamingClassifierApp;
import io.mnasnet.streams.TestImages;
import io.mnasnet.streams.TestImages.LabelledPng;
import io.mnasnet.streams.TestModels;
import io.mnasnet.streams.config.StreamsAppConfig;
import io.mnasnet.streams.ops.Health;
import io.mnasnet.streams.ops.OperationsHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web view in a real headless Chromium, fed by the real app classifying real Fashion-MNIST test
 * images from a real broker: cards appear without a reload, the accuracy on the page is the one
 * computed from {@code predictions-out}, a hostile id is shown as text, a dead letter shows its
 * reason. Skipped where Chromium is not installed ({@link HeadlessChromium}). Leaves a screenshot
 * in {@code target/webview.png} (with {@code -Dmnasnet.webview.screenshot=PATH}, also at PATH).
 */
class WebViewBrowserIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String HOSTILE_ID = "<img src=x onerror=alert(1)>";
  private static final String HOSTILE_DEAD_ID = "<b>broken</b>-photo";

  @TempDir Path stateDir;
  @TempDir Path modelRoot;
  @TempDir Path profile;

  private final EmbeddedKafkaCluster cluster = SharedKafkaClusters.single();

  @Test
  void showsLivePredictionsAccuracyAndDeadLettersSafely() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "webview", 2, (short) 1);
    StreamsAppConfig config =
        KafkaTestSupport.appConfig(cluster, topics, TestModels.modelDir(modelRoot, 1), stateDir);
    List<LabelledPng> images = TestImages.fashionMnist(1000, "fmnist-test");

    try (StreamingClassifierApp app = KafkaTestSupport.startApp(config, TIMEOUT)) {
      String url = app.webViewUrl().orElseThrow();
      ChromeDriver browser = HeadlessChromium.start(profile, 1440, 1500);
      try {
        browser.get(url);
        await(
            "the page to reach the app",
            TIMEOUT,
            () -> text(browser, "status-text").startsWith("live"));
        assertThat(browser.findElements(By.cssSelector(".card"))).isEmpty();
        // a mark that a reload would wipe out
        ((JavascriptExecutor) browser).executeScript("window.noReloadMark = 42;");

        // 1,000 real test images, sent over about five seconds as JSON and raw records
        for (int i = 0; i < images.size(); i += 100) {
          long now = System.currentTimeMillis();
          List<ProducerRecord<byte[], byte[]>> chunk = new ArrayList<>();
          for (LabelledPng image : images.subList(i, i + 100)) {
            ImageEventFormat format =
                chunk.size() % 2 == 0 ? ImageEventFormat.RAW : ImageEventFormat.JSON;
            chunk.add(image.record(topics.input(), format, now));
          }
          KafkaTestSupport.sendAll(cluster.bootstrapServers(), chunk);
          Thread.sleep(500);
        }
        await(
            "cards to appear without a reload",
            TIMEOUT,
            () -> browser.findElements(By.cssSelector(".card")).size() >= 10);
        List<ConsumerRecord<String, Prediction>> predictions =
            KafkaTestSupport.readPredictions(cluster, topics, images.size(), TIMEOUT);
        assertThat(predictions).hasSize(images.size());
        long labelled = 0;
        long correct = 0;
        for (ConsumerRecord<String, Prediction> record : predictions) {
          if (record.value().top1MatchesTrueLabel().isPresent()) {
            labelled++;
            correct += record.value().top1MatchesTrueLabel().get() ? 1 : 0;
          }
        }
        long expectedLabelled = labelled;
        await(
            "the page to count every labelled prediction",
            TIMEOUT,
            () -> dataValue(browser, "accuracy-labelled") == expectedLabelled);
        assertThat(dataValue(browser, "accuracy-correct")).isEqualTo(correct);
        assertThat(text(browser, "accuracy-value"))
            .isEqualTo(String.format(Locale.ROOT, "%.1f%%", 100.0 * correct / labelled));
        assertThat(text(browser, "total-predictions")).isEqualTo("1,000");
        // auto on a CPU, the fixture has model.onnx: the header names the version and its engine
        assertThat(text(browser, "model"))
            .isEqualTo(app.servedModel().orElseThrow().name() + " v1 (onnxruntime)");
        assertThat(browser.findElements(By.cssSelector("#confusion td"))).hasSize(100);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.noReloadMark"))
            .as("the page was never reloaded")
            .isEqualTo(42L);
        assertThat(browser.findElements(By.cssSelector(".card .thumb img"))).isNotEmpty();

        // a hostile id on a valid image, and a record that is not an image
        LabelledPng hostile =
            new LabelledPng(HOSTILE_ID, images.get(0).png(), images.get(0).label());
        KafkaTestSupport.sendAll(
            cluster.bootstrapServers(),
            List.of(
                hostile.record(topics.input(), ImageEventFormat.JSON, System.currentTimeMillis()),
                rawRecord(
                    topics.input(),
                    HOSTILE_DEAD_ID,
                    "this is text, not a picture".getBytes(StandardCharsets.UTF_8),
                    ContentType.PNG,
                    System.currentTimeMillis())));
        await("the hostile id's card", TIMEOUT, () -> cardIds(browser).contains(HOSTILE_ID));
        assertThat(browser.findElements(By.cssSelector("img[src='x']"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert())
            .isInstanceOf(NoAlertPresentException.class);

        await(
            "the dead letter with its reason",
            TIMEOUT,
            () -> !strings(browser, "#dead-letters li .reason").isEmpty());
        // read in one script: the page redraws these lists every second
        assertThat(strings(browser, "#dead-letters li .dl-id")).containsExactly(HOSTILE_DEAD_ID);
        assertThat(strings(browser, "#dead-letters li .reason")).containsExactly("not an image");
        assertThat(strings(browser, "#dead-letters li .dl-msg"))
            .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .contains("not a PNG or JPEG");
        assertThat(browser.findElements(By.tagName("b"))).isEmpty();

        // the mistakes filter shows only wrong predictions
        browser.findElement(By.id("filter-mistakes")).click();
        assertThat(strings(browser, ".card", "className"))
            .isNotEmpty()
            .allMatch(classes -> classes.contains("wrong"));
        browser.findElement(By.id("filter-all")).click();

        Thread.sleep(1500); // one more poll, so the charts include the last slot
        saveScreenshot(browser);
      } finally {
        browser.quit();
      }

      // read-only: nothing but GET and HEAD
      HttpResponse<String> post =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "api/view"))
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      HttpResponse<String> page = new OperationsEndpoint(app.metricsPort()).get("/");
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValue(WebViewRoutes.CONTENT_SECURITY_POLICY);
      assertThat(new OperationsEndpoint(app.metricsPort()).get("/nothing-here").statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void aPageOpenedAfterTheBurstShowsThePicturesOfTheCardsOnScreen() throws Exception {
    TestTopics topics = TestTopics.created(cluster, "webview-late", 1, (short) 1);
    StreamsAppConfig config =
        KafkaTestSupport.appConfig(cluster, topics, TestModels.modelDir(modelRoot, 1), stateDir);
    List<LabelledPng> images = TestImages.fashionMnist(60, "burst");
    try (StreamingClassifierApp app = KafkaTestSupport.startApp(config, TIMEOUT)) {
      // nobody watches: 60 Fashion-MNIST PNGs and 4 photos (160x120 JPEGs) are classified
      List<ProducerRecord<byte[], byte[]>> burst = new ArrayList<>();
      long now = System.currentTimeMillis();
      images.forEach(image -> burst.add(image.record(topics.input(), ImageEventFormat.RAW, now)));
      for (int i = 0; i < 4; i++) {
        burst.add(rawRecord(topics.input(), "photo-" + i, photo(i), ContentType.JPEG, now));
      }
      KafkaTestSupport.sendAll(cluster.bootstrapServers(), burst);
      await("64 predictions", TIMEOUT, () -> app.metrics().predictionsOut() >= 64);
      Thread.sleep(1_000); // the cards are on the page's data by now

      // then a person opens the page
      ChromeDriver browser = HeadlessChromium.start(profile, 1440, 1500);
      try {
        browser.get(app.webViewUrl().orElseThrow());
        await(
            "the 48 cards of the burst",
            TIMEOUT,
            () -> browser.findElements(By.cssSelector(".card")).size() == 48);
        await("every card's picture loaded", TIMEOUT, () -> loadedPictures(browser) == 48);
        assertThat(browser.findElements(By.cssSelector(".card .nothumb"))).isEmpty();
        assertThat(cardIds(browser)).contains("photo-0", "photo-3", "burst-59");
        saveScreenshot(browser, "webview-after-burst.png");

        // a 28x28 PNG is shown as it came; a photo as a small JPEG made for the page
        String pngUrl = pictureUrl(browser, "burst-59");
        String photoUrl = pictureUrl(browser, "photo-3");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> png =
            http.send(
                HttpRequest.newBuilder(URI.create(pngUrl)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.body()).isEqualTo(images.get(59).png());
        HttpResponse<byte[]> jpeg =
            http.send(
                HttpRequest.newBuilder(URI.create(photoUrl)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(jpeg.body().length).isLessThan(photo(3).length);
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  void thePageSaysItsDataIsStaleWhenTheViewStopsUpdating() throws Exception {
    // a view whose thread dies after bringing the data up to date once (an error it cannot
    // survive): the endpoint still answers, the data no longer moves
    AtomicInteger reads = new AtomicInteger();
    Clock dying =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return Instant.ofEpochMilli(millis());
          }

          @Override
          public long millis() {
            if (Thread.currentThread().getName().equals(LiveView.THREAD_NAME)
                && reads.incrementAndGet() > 1) {
              throw new AssertionError("the view's thread dies (test)");
            }
            return System.currentTimeMillis();
          }
        };
    try (LiveView view = new LiveView(dying);
        OperationsHttpServer server =
            new OperationsHttpServer(
                "127.0.0.1",
                0,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> new Health(true, true, "ok"),
                new WebViewRoutes(view, new AllowedHosts("127.0.0.1", List.of())))) {
      ChromeDriver browser = HeadlessChromium.start(profile, 1000, 700);
      try {
        browser.get("http://localhost:" + server.port() + "/");
        await("the page says live", TIMEOUT, () -> text(browser, "status-text").startsWith("live"));
        await(
            "the page says its data is stale",
            Duration.ofSeconds(20),
            () -> text(browser, "status-text").startsWith("stale"));
        assertThat(browser.findElement(By.id("status")).getAttribute("class")).contains("stale");
      } finally {
        browser.quit();
      }
    }
  }

  /** Cards whose picture the browser has loaded and decoded. */
  private static long loadedPictures(ChromeDriver browser) {
    return (Long)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll('.card .thumb img')]"
                    + ".filter(i => i.complete && i.naturalWidth > 0).length");
  }

  private static String pictureUrl(ChromeDriver browser, String id) {
    return (String)
        ((JavascriptExecutor) browser)
            .executeScript(
                "const card = [...document.querySelectorAll('.card')]"
                    + ".find(c => c.querySelector('.id').textContent === arguments[0]);"
                    + "return card.querySelector('.thumb img').src;",
                id);
  }

  /** A 160x120 JPEG of smooth colours, different for each {@code i}. */
  private static byte[] photo(int i) {
    byte[] pixels = new byte[160 * 120 * 3];
    for (int y = 0; y < 120; y++) {
      for (int x = 0; x < 160; x++) {
        int p = 3 * (y * 160 + x);
        pixels[p] = (byte) (x + 40 * i);
        pixels[p + 1] = (byte) (2 * y);
        pixels[p + 2] = (byte) (255 - x - 30 * i);
      }
    }
    return ImageEncoding.encodeJpeg(DecodedImage.rgb(160, 120, pixels), 0.9f);
  }

  private static String text(ChromeDriver browser, String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static long dataValue(ChromeDriver browser, String id) {
    return Long.parseLong(browser.findElement(By.id(id)).getAttribute("data-value"));
  }

  private static List<String> cardIds(ChromeDriver browser) {
    return strings(browser, ".card .id");
  }

  /**
   * The text of every element matching {@code selector}, read in one script (no stale elements).
   */
  private static List<String> strings(ChromeDriver browser, String selector) {
    return strings(browser, selector, "textContent");
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(ChromeDriver browser, String selector, String property) {
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => String(e[arguments[1]]))",
                selector,
                property);
  }

  private static void saveScreenshot(ChromeDriver browser) throws Exception {
    saveScreenshot(browser, "webview.png");
  }

  private static void saveScreenshot(ChromeDriver browser, String name) throws Exception {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    String copy = System.getProperty("mnasnet.webview.screenshot");
    if (copy != null && name.equals("webview.png")) {
      Files.copy(shot, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
