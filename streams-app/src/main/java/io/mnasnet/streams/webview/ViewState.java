package io.mnasnet.streams.webview;

import io.mnasnet.schemas.Prediction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the page shows, in fixed-size structures: rings of the latest cards, mistakes and dead
 * letters, a window of per-slot activity, running accuracy and a confusion matrix. Written by the
 * view's worker thread, read by the HTTP threads; every method holds the lock briefly (no decoding
 * or I/O inside). The stream threads never touch it.
 */
final class ViewState {
  /** Model versions whose accuracy the page lists: the newest ones. */
  static final int MODEL_VERSIONS_SHOWN = 8;

  private final String instance;
  private final int recentCapacity;
  private final int mistakesCapacity;
  private final int deadLettersCapacity;

  private final Deque<PredictionCard> recent = new ArrayDeque<>();
  private final Deque<PredictionCard> mistakes = new ArrayDeque<>();
  private final Deque<DeadLetterEvent> deadLetters = new ArrayDeque<>();
  private final ActivitySeries series;
  private final ConfusionMatrix confusion = new ConfusionMatrix();
  private long predictions;
  private long deadLettered;
  private long missed;
  private long labelled;
  private long correct;
  private String model = "";
  // per model version: {labelled, correct}, in order of first prediction, the last few kept
  private final Map<String, long[]> byModel = new LinkedHashMap<>();

  ViewState(
      String instance,
      int recentCapacity,
      int mistakesCapacity,
      int deadLettersCapacity,
      ActivitySeries series) {
    this.instance = instance;
    this.recentCapacity = recentCapacity;
    this.mistakesCapacity = mistakesCapacity;
    this.deadLettersCapacity = deadLettersCapacity;
    this.series = series;
  }

  /** Counts a prediction (totals, accuracy, matrix, series); its card is {@link #show}n later. */
  synchronized void count(Prediction prediction) {
    predictions++;
    model = prediction.model().name() + " v" + prediction.model().version();
    prediction
        .top1MatchesTrueLabel()
        .ifPresent(
            right -> {
              labelled++;
              long[] version = byModel.computeIfAbsent(model, m -> new long[2]);
              version[0]++;
              if (right) {
                correct++;
                version[1]++;
              }
              if (byModel.size() > MODEL_VERSIONS_SHOWN) {
                byModel.remove(byModel.keySet().iterator().next());
              }
            });
    confusion.record(prediction);
    series.predicted(prediction.predictedAt(), prediction.timings().endToEndMs());
  }

  /** The class name a true label stands for, if known. */
  synchronized String trueClass(String trueLabel) {
    return trueLabel == null ? null : confusion.name(confusion.classOf(trueLabel));
  }

  synchronized void deadLettered(DeadLetterEvent event) {
    deadLettered++;
    series.deadLettered(event.atMs());
    push(deadLetters, event, deadLettersCapacity);
  }

  /** Events dropped because the view fell behind. */
  synchronized void missed(long count) {
    missed += count;
  }

  /** Puts cards on the page, oldest first. */
  synchronized void show(List<PredictionCard> cards) {
    for (PredictionCard card : cards) {
      push(recent, card, recentCapacity);
      if (Boolean.FALSE.equals(card.correct())) {
        push(mistakes, card, mistakesCapacity);
      }
    }
  }

  /** What a page that has every card up to {@code afterSeq} needs, at {@code nowMs}. */
  synchronized ViewSnapshot snapshot(long afterSeq, long nowMs) {
    List<PredictionCard> cards = new ArrayList<>();
    // the page may have missed mistakes that left the recent ring between two of its polls
    addNewer(cards, mistakes, afterSeq);
    addNewer(cards, recent, afterSeq);
    cards.sort((a, b) -> Long.compare(a.seq(), b.seq()));
    return new ViewSnapshot(
        instance,
        nowMs,
        new ViewSnapshot.Totals(predictions, deadLettered, missed, model),
        new ViewSnapshot.Accuracy(labelled, correct, byModelSnapshot()),
        confusion.snapshot(),
        series.slotMs(),
        series.points(nowMs),
        distinct(cards),
        seqs(recent),
        seqs(mistakes),
        List.copyOf(deadLetters));
  }

  private List<ViewSnapshot.ModelAccuracy> byModelSnapshot() {
    List<ViewSnapshot.ModelAccuracy> versions = new ArrayList<>(byModel.size());
    byModel.forEach(
        (name, counts) -> versions.add(new ViewSnapshot.ModelAccuracy(name, counts[0], counts[1])));
    return versions;
  }

  private static <T> void push(Deque<T> ring, T item, int capacity) {
    ring.addFirst(item);
    while (ring.size() > capacity) {
      ring.removeLast();
    }
  }

  private static void addNewer(
      List<PredictionCard> into, Deque<PredictionCard> ring, long afterSeq) {
    for (PredictionCard card : ring) {
      if (card.seq() > afterSeq) {
        into.add(card);
      }
    }
  }

  private static List<PredictionCard> distinct(List<PredictionCard> sorted) {
    List<PredictionCard> unique = new ArrayList<>(sorted.size());
    for (PredictionCard card : sorted) {
      if (unique.isEmpty() || unique.get(unique.size() - 1).seq() != card.seq()) {
        unique.add(card);
      }
    }
    return unique;
  }

  private static List<Long> seqs(Deque<PredictionCard> ring) {
    List<Long> seqs = new ArrayList<>(ring.size());
    for (Iterator<PredictionCard> it = ring.iterator(); it.hasNext(); ) {
      seqs.add(it.next().seq());
    }
    return seqs;
  }
}
