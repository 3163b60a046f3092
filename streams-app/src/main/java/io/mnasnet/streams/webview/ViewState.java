package io.mnasnet.streams.webview;

import io.mnasnet.schemas.Prediction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the page shows, in fixed-size structures: rings of the latest cards (with their
 * pictures), mistakes and dead letters, a window of per-slot activity, running accuracy and a
 * confusion matrix. Written by the view's worker thread, read by the HTTP threads; every method
 * holds the lock briefly (no decoding or I/O inside: a picture is made by its {@link CardImage},
 * outside this lock). The stream threads never touch it.
 */
final class ViewState {
  /** Model versions whose accuracy the page lists: the newest ones. */
  static final int MODEL_VERSIONS_SHOWN = 8;

  /** A card on the page and its picture ({@code null} when it has none). */
  record ShownCard(PredictionCard card, CardImage image) {}

  private final String instance;
  private final int recentCapacity;
  private final int mistakesCapacity;
  private final int deadLettersCapacity;

  private final Deque<ShownCard> recent = new ArrayDeque<>();
  private final Deque<ShownCard> mistakes = new ArrayDeque<>();
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
  private long updatedMs;
  private long errors;

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

  /** The random id of this view, which the page and the pictures' addresses carry. */
  String instance() {
    return instance;
  }

  /** Counts a prediction (totals, accuracy, matrix, series); its card is {@link #show}n later. */
  synchronized void count(Prediction prediction) {
    predictions++;
    model = label(prediction.model());
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

  /**
   * How the page names a served model: {@code mnasnet0_5-fashion-mnist v2 (onnxruntime)}, the
   * engine left out when the prediction does not name it. Accuracy is counted per label, so a
   * version served by another engine after a restart gets a line of its own.
   */
  static String label(Prediction.ModelRef model) {
    String version = model.name() + " v" + model.version();
    return model.engine() == null ? version : version + " (" + model.engine() + ")";
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

  /** The view's thread did its work up to {@code nowMs}: the page's data is current. */
  synchronized void updated(long nowMs) {
    updatedMs = nowMs;
  }

  /** The view's thread met an error and carried on (the page says how many). */
  synchronized void error() {
    errors++;
  }

  /**
   * Puts cards on the page, oldest first.
   *
   * @return the pictures of the cards that left the page (neither recent nor a mistake any more)
   */
  synchronized List<CardImage> show(List<ShownCard> cards) {
    List<ShownCard> gone = new ArrayList<>();
    for (ShownCard card : cards) {
      push(recent, card, recentCapacity, gone);
      if (Boolean.FALSE.equals(card.card().correct())) {
        push(mistakes, card, mistakesCapacity, gone);
      }
    }
    List<CardImage> pictures = new ArrayList<>();
    for (ShownCard card : gone) {
      if (card.image() != null && !onPage(card)) {
        pictures.add(card.image());
      }
    }
    return pictures;
  }

  /** The picture of card {@code seq}, while the card is on the page and has one. */
  synchronized Optional<CardImage> image(long seq) {
    for (Deque<ShownCard> ring : List.of(recent, mistakes)) {
      for (ShownCard card : ring) {
        if (card.card().seq() == seq) {
          return Optional.ofNullable(card.image());
        }
      }
    }
    return Optional.empty();
  }

  /** The pictures of the cards on the page, oldest card first (the first to give up theirs). */
  synchronized List<CardImage> picturesOldestFirst() {
    List<ShownCard> cards = new ArrayList<>(recent);
    cards.addAll(mistakes);
    cards.sort((a, b) -> Long.compare(a.card().seq(), b.card().seq()));
    List<CardImage> pictures = new ArrayList<>();
    for (ShownCard card : cards) {
      if (card.image() != null
          && (pictures.isEmpty() || pictures.get(pictures.size() - 1) != card.image())) {
        pictures.add(card.image());
      }
    }
    return pictures;
  }

  private boolean onPage(ShownCard card) {
    return containsIdentity(recent, card) || containsIdentity(mistakes, card);
  }

  private static boolean containsIdentity(Deque<ShownCard> ring, ShownCard card) {
    for (ShownCard shown : ring) {
      if (shown == card) {
        return true;
      }
    }
    return false;
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
        updatedMs,
        new ViewSnapshot.Totals(predictions, deadLettered, missed, errors, model),
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
    push(ring, item, capacity, new ArrayList<>());
  }

  private static <T> void push(Deque<T> ring, T item, int capacity, List<T> removed) {
    ring.addFirst(item);
    while (ring.size() > capacity) {
      removed.add(ring.removeLast());
    }
  }

  private static void addNewer(List<PredictionCard> into, Deque<ShownCard> ring, long afterSeq) {
    for (ShownCard shown : ring) {
      if (shown.card().seq() > afterSeq) {
        into.add(shown.card());
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

  private static List<Long> seqs(Deque<ShownCard> ring) {
    List<Long> seqs = new ArrayList<>(ring.size());
    for (Iterator<ShownCard> it = ring.iterator(); it.hasNext(); ) {
      seqs.add(it.next().card().seq());
    }
    return seqs;
  }
}
