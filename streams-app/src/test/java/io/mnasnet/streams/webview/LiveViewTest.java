package io.mnasnet.streams.webview;

import static io.mnasnet.streams.KafkaTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.validation.RejectionReason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void countsEveryEventButKeepsOnlyTheNewestCardsWithThumbnails() throws Exception {
    byte[] png = ImageEncoding.encodeGreyPng(new byte[28 * 28], 28, 28);
    try (LiveView view = new LiveView(Clock.systemUTC())) {
      view.snapshot(0); // a page is open
      // two "stream threads" at once, as the app calls it
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
                        png);
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
      await(
          "the cards shown", WAIT, () -> view.snapshot(0).recent().size() == LiveView.RECENT_CARDS);
      ViewSnapshot snapshot = view.snapshot(0);

      assertThat(snapshot.accuracy())
          .isEqualTo(
              new ViewSnapshot.Accuracy(
                  2000, 1600, List.of(new ViewSnapshot.ModelAccuracy("fmnist v3", 2000, 1600))));
      assertThat(snapshot.totals().deadLetters()).isEqualTo(1);
      assertThat(snapshot.totals().missed()).isZero();
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
      assertThat(snapshot.cards())
          .allSatisfy(card -> assertThat(card.thumbnail()).startsWith("data:image/png;base64,"));
      assertThat(snapshot.cards())
          .filteredOn(card -> Boolean.FALSE.equals(card.correct()))
          .allSatisfy(card -> assertThat(card.trueClass()).isIn(TestPredictions.CLASSES));
      long newest = snapshot.recent().get(0);
      assertThat(newest).isEqualTo(2000);
      assertThat(view.snapshot(newest).cards()).as("each card is sent once").isEmpty();
      assertThat(
              snapshot.series().stream().mapToDouble(ActivitySeries.Point::imagesPerSecond).sum())
          .isGreaterThan(0);
      await("image bytes released", WAIT, () -> view.heldImageBytes() == 0);
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
  void imageBytesHeldAreCappedWhateverTheTraffic() throws Exception {
    byte[] large = new byte[4 * 1024 * 1024]; // not decodable: the card just has no picture
    try (LiveView view = new LiveView(Clock.systemUTC())) {
      view.snapshot(0); // a page is open: images are kept
      for (int i = 0; i < 100; i++) {
        view.predicted(
            TestPredictions.of("big-" + i, 1, null, 5, System.currentTimeMillis()), large);
        assertThat(view.heldImageBytes()).isLessThanOrEqualTo(LiveView.IMAGE_BYTES_BUDGET);
      }
      await("all counted", WAIT, () -> view.snapshot(0).totals().predictions() == 100);
      await("shown", WAIT, () -> !view.snapshot(0).recent().isEmpty());
      Prediction last =
          view.snapshot(0).cards().get(view.snapshot(0).cards().size() - 1).prediction();
      assertThat(last.id()).isEqualTo("big-99");
      assertThat(view.snapshot(0).accuracy().labelled()).isZero();
    }
  }

  @Test
  void keepsNoImagesAndMakesNoThumbnailsWhileNoPageIsOpen() throws Exception {
    byte[] png = ImageEncoding.encodeGreyPng(new byte[28 * 28], 28, 28);
    try (LiveView view = new LiveView(Clock.systemUTC())) {
      assertThat(view.watched()).isFalse();
      for (int i = 0; i < 10; i++) {
        view.predicted(
            TestPredictions.of("unseen-" + i, 1, "1", 5, System.currentTimeMillis()), png);
        assertThat(view.heldImageBytes()).isZero();
      }
      await("cards shown", WAIT, () -> view.unwatchedSnapshot(0).recent().size() == 10);
      assertThat(view.unwatchedSnapshot(0).cards())
          .as("counted and shown, without pictures")
          .allSatisfy(card -> assertThat(card.thumbnail()).isNull());

      view.snapshot(0); // a page opens
      assertThat(view.watched()).isTrue();
      view.predicted(TestPredictions.of("seen", 1, "1", 5, System.currentTimeMillis()), png);
      await("the new card", WAIT, () -> view.unwatchedSnapshot(0).recent().size() == 11);
      assertThat(view.unwatchedSnapshot(10).cards())
          .singleElement()
          .satisfies(card -> assertThat(card.thumbnail()).startsWith("data:image/png;base64,"));
    }
  }
}
