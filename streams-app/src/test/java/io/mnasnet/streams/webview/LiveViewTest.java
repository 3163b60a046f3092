package io.mnasnet.streams.webview;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.validation.RejectionReason;
import io.mnasnet.streams.webview.Thumbnails.Thumbnail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final byte[] PNG = ImageEncoding.encodeGreyPng(new byte[28 * 28], 28, 28);

  @Test
  void countsEveryEventAndKeepsThePicturesOfTheNewestCardsOnly() throws Exception {
    try (LiveView view = new LiveView(Clock.systemUTC())) {
      // two "stream threads" at once, as the app calls it; nobody watches
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        Thread writer =
            new Thread(
                () -> {
                  for (int i = 0; i < 1000; i++) {
                    int truth = i % 10;
                    int top1 = i % 5 == 0 ? (truth + 1) % 10 : truth; // every fifth one wrong
                    view.predicted(
                        TestPredictions.of(
                            "t" + thread + "-" + i,
                            top1,
                            Integer.toString(truth),
                            20,
                            // a finished slot of the charts (the current one is not shown)
                            System.currentTimeMillis() - 5000),
                        PNG);
                  }
                });
        writer.start();
        threads.add(writer);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      view.deadLettered(
          new DeadLetterEvent(
              "<b>x</b>", RejectionReason.NOT_AN_IMAGE, "not a PNG", "images-in", 0, 7, 0));

      await("all events counted", WAIT, () -> view.snapshot(0).totals().predictions() == 2000);
      await("the last card shown", WAIT, () -> newestShown(view) == 2000);
      ViewSnapshot snapshot = view.snapshot(0);

      assertThat(snapshot.recent()).hasSize(LiveView.RECENT_CARDS);
      assertThat(snapshot.accuracy())
          .isEqualTo(
              new ViewSnapshot.Accuracy(
                  2000, 1600, List.of(new ViewSnapshot.ModelAccuracy("fmnist v3", 2000, 1600))));
      assertThat(snapshot.totals().deadLetters()).isEqualTo(1);
      assertThat(snapshot.totals().missed()).isZero();
      assertThat(snapshot.totals().errors()).isZero();
      assertThat(snapshot.totals().model()).isEqualTo("fmnist v3");
      assertThat(snapshot.deadLetters())
          .singleElement()
          .extracting(DeadLetterEvent::id)
          .isEqualTo("<b>x</b>");
      assertThat(snapshot.confusion().counts()[3][3]).isEqualTo(200);
      assertThat(snapshot.confusion().counts()[5][6]).isEqualTo(200);
      assertThat(snapshot.mistakes()).hasSize(LiveView.MISTAKE_CARDS);
      assertThat(snapshot.cards().size())
          .isBetween(LiveView.RECENT_CARDS, LiveView.RECENT_CARDS + LiveView.MISTAKE_CARDS);
      for (PredictionCard card : snapshot.cards()) {
        assertThat(card.thumbnail())
            .isEqualTo("/api/thumbnail?instance=" + snapshot.instance() + "&seq=" + card.seq());
      }
      // the 28x28 PNG is the picture as it came, with no decoding
      PredictionCard newestCard = snapshot.cards().get(snapshot.cards().size() - 1);
      Thumbnail picture = view.thumbnail(snapshot.instance(), newestCard.seq()).orElseThrow();
      assertThat(picture.mediaType()).isEqualTo(ContentType.PNG);
      assertThat(picture.bytes()).isSameAs(PNG);
      assertThat(view.thumbnail("another-run", newestCard.seq())).isEmpty();
      assertThat(view.thumbnail(snapshot.instance(), 1)).as("long gone from the page").isEmpty();
      assertThat(snapshot.cards())
          .filteredOn(card -> Boolean.FALSE.equals(card.correct()))
          .allSatisfy(card -> assertThat(card.trueClass()).isIn(TestPredictions.CLASSES));
      long newest = snapshot.recent().get(0);
      assertThat(newest).isEqualTo(2000);
      assertThat(view.snapshot(newest).cards()).as("each card is sent once").isEmpty();
      assertThat(
              snapshot.series().stream().mapToDouble(ActivitySeries.Point::imagesPerSecond).sum())
          .isGreaterThan(0);
      // only the cards on the page hold their images
      long onPage = snapshot.cards().size();
      await("the others' images let go", WAIT, () -> view.heldImageBytes() == onPage * PNG.length);
    }
  }

  @Test
  void accuracyIsAlsoCountedPerModelVersion() throws Exception {
    try (LiveView view = new LiveView(Clock.systemUTC())) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < 10; i++) {
        // version 1 gets 2 of 10 right, version 2 all 10 (a promoted model)
        view.predicted(TestPredictions.of("a" + i, i < 2 ? 0 : 1, "0", 5, now, 1), null);
        view.predicted(TestPredictions.of("b" + i, 0, "0", 5, now, 2), null);
      }
      view.predicted(TestPredictions.of("c", 0, null, 5, now, 3), null); // no true label
      await("all counted", WAIT, () -> view.snapshot(0).totals().predictions() == 21);
      assertThat(view.snapshot(0).accuracy().byModel())
          .containsExactly(
              new ViewSnapshot.ModelAccuracy("fmnist v1", 10, 2),
              new ViewSnapshot.ModelAccuracy("fmnist v2", 10, 10));
    }
  }

  @Test
  void theServedVersionIsNamedWithItsEngine() throws Exception {
    try (LiveView view = new LiveView(Clock.systemUTC())) {
      long now = System.currentTimeMillis();
      // version 1 served by TensorFlow (e.g. before its model.onnx existed), then by ONNX Runtime
      view.predicted(TestPredictions.of("a", 0, "0", 5, now, 1, "tensorflow"), null);
      view.predicted(TestPredictions.of("b", 1, "0", 5, now, 1, "onnxruntime"), null);
      await("both counted", WAIT, () -> view.snapshot(0).totals().predictions() == 2);
      ViewSnapshot snapshot = view.snapshot(0);
      assertThat(snapshot.totals().model()).isEqualTo("fmnist v1 (onnxruntime)");
      assertThat(snapshot.accuracy().byModel())
          .containsExactly(
              new ViewSnapshot.ModelAccuracy("fmnist v1 (tensorflow)", 1, 1),
              new ViewSnapshot.ModelAccuracy("fmnist v1 (onnxruntime)", 1, 0));
    }
  }

  @Test
  void aPageThatArrivesLateGetsThePicturesAndOnlyItsRequestsDecodeAnything() throws Exception {
    byte[] photo = photo(640, 480);
    try (LiveView view = new LiveView(Clock.systemUTC())) {
      for (int i = 0; i < 10; i++) {
        view.predicted(
            TestPredictions.of("photo-" + i, 1, "1", 5, System.currentTimeMillis()), photo);
      }
      await("cards shown", WAIT, () -> newestShown(view) == 10);
      // nothing decoded while nobody asked: the view holds the ten photos as they came
      assertThat(view.heldImageBytes()).isEqualTo(10L * photo.length);

      ViewSnapshot page = view.snapshot(0); // a page opens
      Thumbnail thumbnail = view.thumbnail(page.instance(), page.recent().get(0)).orElseThrow();

      assertThat(thumbnail.mediaType()).isEqualTo(ContentType.JPEG);
      DecodedImage decoded = ImageEncoding.decode(thumbnail.bytes(), ImageSizeLimit.DEFAULT);
      assertThat(Math.max(decoded.width(), decoded.height())).isEqualTo(Thumbnails.MAX_EDGE);
      // the thumbnail replaced the photo; asked again, it is the same bytes
      assertThat(view.heldImageBytes()).isEqualTo(9L * photo.length + thumbnail.bytes().length);
      assertThat(view.thumbnail(page.instance(), page.recent().get(0)).orElseThrow().bytes())
          .isSameAs(thumbnail.bytes());
    }
  }

  @Test
  void imageBytesHeldAreCappedAndTheNewestCardsKeepTheirPictures() throws Exception {
    byte[] large = new byte[1024 * 1024]; // not decodable: only its size matters here
    try (LiveView view = new LiveView(Clock.systemUTC())) {
      for (int i = 0; i < 100; i++) {
        view.predicted(
            TestPredictions.of("big-" + i, 1, null, 5, System.currentTimeMillis()), large);
        assertThat(view.heldImageBytes()).isLessThanOrEqualTo(LiveView.IMAGE_BYTES_BUDGET);
      }
      await("the last card shown", WAIT, () -> newestShown(view) == 100);
      // a pass after the last card: the oldest cards gave up their pictures
      view.predicted(TestPredictions.of("one-more", 1, null, 5, System.currentTimeMillis()), large);
      await("one more card", WAIT, () -> newestShown(view) == 101);
      assertThat(view.heldImageBytes()).isLessThanOrEqualTo(LiveView.IMAGE_BYTES_BUDGET / 2);
      ViewSnapshot snapshot = view.snapshot(0);
      Prediction last = snapshot.cards().get(snapshot.cards().size() - 1).prediction();
      assertThat(last.id()).isEqualTo("one-more");
      long newest = snapshot.recent().get(0);
      long oldest = snapshot.recent().get(snapshot.recent().size() - 1);
      assertThat(view.hasPicture(newest)).isTrue();
      assertThat(view.hasPicture(oldest)).isFalse();
    }
  }

  @Test
  void idsLabelsAndReasonsAreShortenedForThePage() throws Exception {
    String longId = "id-" + "x".repeat(10_000);
    try (LiveView view = new LiveView(Clock.systemUTC())) {
      view.predicted(TestPredictions.of(longId, 1, "label-" + "y".repeat(5_000), 5, 0), PNG);
      view.deadLettered(
          new DeadLetterEvent(
              longId,
              RejectionReason.NOT_AN_IMAGE,
              "not a PNG: " + "z".repeat(100_000),
              "images-in",
              0,
              1,
              0));
      await("shown", WAIT, () -> newestShown(view) == 1);
      ViewSnapshot snapshot = view.snapshot(0);

      Prediction shown = snapshot.cards().get(0).prediction();
      assertThat(shown.id()).hasSize(BoundedText.MAX_ID).startsWith("id-xxx").endsWith("…");
      assertThat(shown.trueLabel()).hasSize(BoundedText.MAX_ID);
      DeadLetterEvent deadLetter = snapshot.deadLetters().get(0);
      assertThat(deadLetter.id()).hasSize(BoundedText.MAX_ID);
      assertThat(deadLetter.message()).hasSize(BoundedText.MAX_MESSAGE).startsWith("not a PNG");
    }
  }

  @Test
  void theViewsThreadSurvivesErrorsAndThePageSeesThem() throws Exception {
    // the view's thread reads this clock; its first three reads fail
    AtomicInteger failures = new AtomicInteger(3);
    Clock failing =
        new DelegatingClock(
            () -> {
              if (Thread.currentThread().getName().equals(LiveView.THREAD_NAME)
                  && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("a clock that fails (test)");
              }
            });
    try (LiveView view = new LiveView(failing)) {
      await("three errors", WAIT, () -> view.snapshot(0).totals().errors() == 3);
      view.predicted(TestPredictions.of("after", 1, "1", 5, System.currentTimeMillis()), PNG);
      await("carries on", WAIT, () -> newestShown(view) == 1);
      ViewSnapshot snapshot = view.snapshot(0);
      assertThat(snapshot.nowMs() - snapshot.updatedMs()).isLessThan(2_000);
    }
  }

  @Test
  void whenTheViewsThreadIsGoneThePagesDataAgesVisibly() throws Exception {
    // an Error the thread cannot survive, after it has brought the data up to date once
    AtomicInteger reads = new AtomicInteger();
    Clock dying =
        new DelegatingClock(
            () -> {
              if (Thread.currentThread().getName().equals(LiveView.THREAD_NAME)
                  && reads.incrementAndGet() > 1) {
                throw new AssertionError("the view's thread dies (test)");
              }
            });
    try (LiveView view = new LiveView(dying)) {
      await("updated once", WAIT, () -> view.snapshot(0).updatedMs() > 0);
      long updated = view.snapshot(0).updatedMs();
      Thread.sleep(1_500);
      ViewSnapshot later = view.snapshot(0);
      assertThat(later.updatedMs()).isEqualTo(updated);
      assertThat(later.nowMs() - later.updatedMs()).isGreaterThanOrEqualTo(1_500);
    }
  }

  /** The seq of the newest card on the page, 0 before the first. */
  private static long newestShown(LiveView view) {
    List<Long> recent = view.snapshot(0).recent();
    return recent.isEmpty() ? 0 : recent.get(0);
  }

  /** The system clock, running {@code beforeRead} before each read of the time. */
  private static final class DelegatingClock extends Clock {
    private final Runnable beforeRead;

    DelegatingClock(Runnable beforeRead) {
      this.beforeRead = beforeRead;
    }

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
      beforeRead.run();
      return Instant.now();
    }

    @Override
    public long millis() {
      beforeRead.run();
      return System.currentTimeMillis();
    }
  }

  /** A smooth {@code width}x{@code height} JPEG. */
  private static byte[] photo(int width, int height) {
    byte[] pixels = new byte[width * height * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i % 251);
    }
    return ImageEncoding.encodeJpeg(DecodedImage.rgb(width, height, pixels), 0.9f);
  }
}
