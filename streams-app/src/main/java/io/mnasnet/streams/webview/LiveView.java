package io.mnasnet.streams.webview;

import io.mnasnet.schemas.Prediction;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data behind the web page, kept off the stream threads and in bounded memory.
 *
 * <p>The stream threads only {@link #predicted offer} events to a bounded queue (never blocking:
 * when it is full the event is counted as missed). The view's own thread, {@value #THREAD_NAME},
 * counts every event at once (totals, accuracy, confusion matrix, charts) and, every {@link
 * #PASS_INTERVAL}, makes thumbnails for the newest cards only and puts them on the page. A busy
 * stream therefore costs at most {@value #RECENT_CARDS} + {@value #MISTAKE_CARDS} thumbnails per
 * pass, whatever its rate; images that would leave the page before anyone sees them are never
 * decoded.
 *
 * <p><b>Pictures only while someone watches:</b> image bytes are kept and thumbnails made only
 * while a page has polled {@link #snapshot} within the last {@link #WATCHED_FOR}. Decoding a
 * camera-sized photo for a thumbnail costs about as much as classifying it, so an unwatched view
 * that made them anyway would spend up to {@link #THUMBNAIL_BUDGET} of every {@link #PASS_INTERVAL}
 * (half a core) on pictures nobody sees. Counts, charts and cards are kept either way; cards made
 * while nobody watched have no picture.
 *
 * <p>Memory: image bytes held by the view (in the queue and waiting for the next pass) are capped
 * at {@link #IMAGE_BYTES_BUDGET}; past it events still count but their cards have no picture. The
 * rings of cards, mistakes and dead letters and the chart window have fixed sizes.
 */
public final class LiveView implements LiveFeed, AutoCloseable {
  static final String THREAD_NAME = "live-view";
  static final int RECENT_CARDS = 48;
  static final int MISTAKE_CARDS = 24;
  static final int DEAD_LETTERS = 30;
  static final int QUEUE_CAPACITY = 16_384;
  static final long IMAGE_BYTES_BUDGET = 16L * 1024 * 1024;
  static final Duration PASS_INTERVAL = Duration.ofMillis(400);
  static final Duration SLOT = Duration.ofSeconds(2);
  static final int SLOTS = 151; // five minutes of finished slots plus the current one

  /** Thumbnail work per pass stops after this; the remaining cards of the pass have no picture. */
  static final Duration THUMBNAIL_BUDGET = Duration.ofMillis(200);

  /** How long after a page's last poll the view still keeps images and makes thumbnails. */
  static final Duration WATCHED_FOR = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(LiveView.class);

  private sealed interface Event permits Predicted, DeadLettered {}

  private record Predicted(Prediction prediction, byte[] image) implements Event {}

  private record DeadLettered(DeadLetterEvent event) implements Event {}

  private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong imageBytes = new AtomicLong();
  private final AtomicLong missed = new AtomicLong();
  private final ViewState state;
  private final Clock clock;
  private final Thread worker;
  private volatile boolean closed;
  private volatile long lastPollNanos;

  // worker thread only
  private long seq;
  private long chargedSincePass;
  private final Deque<Pending> pendingRecent = new ArrayDeque<>();
  private final Deque<Pending> pendingMistakes = new ArrayDeque<>();

  /** A counted prediction waiting for the next pass to become a card. */
  private record Pending(long seq, Prediction prediction, byte[] image, String trueClass) {}

  /** Starts the view's thread. */
  public LiveView(Clock clock) {
    this.clock = clock;
    this.state =
        new ViewState(
            UUID.randomUUID().toString(),
            RECENT_CARDS,
            MISTAKE_CARDS,
            DEAD_LETTERS,
            new ActivitySeries(SLOT.toMillis(), SLOTS));
    this.lastPollNanos = System.nanoTime() - WATCHED_FOR.toNanos() - 1; // nobody yet
    this.worker = new Thread(this::run, THREAD_NAME);
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void predicted(Prediction prediction, byte[] image) {
    byte[] kept = null;
    if (image != null && !watched()) {
      image = null;
    } else if (image != null && imageBytes.addAndGet(image.length) <= IMAGE_BYTES_BUDGET) {
      kept = image;
    } else if (image != null) {
      imageBytes.addAndGet(-image.length);
    }
    if (!queue.offer(new Predicted(prediction, kept))) {
      missed.incrementAndGet();
      if (kept != null) {
        imageBytes.addAndGet(-kept.length);
      }
    }
  }

  @Override
  public void deadLettered(DeadLetterEvent deadLetter) {
    if (!queue.offer(new DeadLettered(deadLetter))) {
      missed.incrementAndGet();
    }
  }

  /**
   * What a page that has every card up to {@code afterSeq} needs now. Marks the view as watched
   * (see {@link #WATCHED_FOR}).
   */
  public ViewSnapshot snapshot(long afterSeq) {
    lastPollNanos = System.nanoTime();
    return unwatchedSnapshot(afterSeq);
  }

  /** The same data as {@link #snapshot} without counting as a page's poll (for tests). */
  ViewSnapshot unwatchedSnapshot(long afterSeq) {
    return state.snapshot(afterSeq, clock.millis());
  }

  /** Whether a page has polled recently enough for pictures to be worth making. */
  boolean watched() {
    return System.nanoTime() - lastPollNanos < WATCHED_FOR.toNanos();
  }

  /** Image bytes the view holds right now (for tests of the bound). */
  long heldImageBytes() {
    return imageBytes.get();
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Event> drained = new ArrayList<>();
    long nextPass = System.nanoTime() + PASS_INTERVAL.toNanos();
    try {
      while (!closed) {
        long wait = nextPass - System.nanoTime();
        if (wait > 0) {
          Event first = queue.poll(wait, TimeUnit.NANOSECONDS);
          if (first != null) {
            drained.add(first);
            queue.drainTo(drained);
            drained.forEach(this::count);
            drained.clear();
          }
          continue;
        }
        pass();
        nextPass = System.nanoTime() + PASS_INTERVAL.toNanos();
      }
    } catch (InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      log.warn("The web view stopped updating after an unexpected error", e);
    }
  }

  private void count(Event event) {
    if (event instanceof DeadLettered d) {
      state.deadLettered(d.event());
      return;
    }
    Predicted p = (Predicted) event;
    state.count(p.prediction());
    seq++;
    Pending pending =
        new Pending(seq, p.prediction(), p.image(), state.trueClass(p.prediction().trueLabel()));
    if (p.image() != null) {
      chargedSincePass += p.image().length;
    }
    keepNewest(pendingRecent, pending, RECENT_CARDS);
    if (Boolean.FALSE.equals(p.prediction().top1MatchesTrueLabel().orElse(null))) {
      keepNewest(pendingMistakes, pending, MISTAKE_CARDS);
    }
  }

  /** Thumbnails for the newest waiting predictions, then onto the page. */
  private void pass() {
    state.missed(missed.getAndSet(0));
    if (pendingRecent.isEmpty() && pendingMistakes.isEmpty()) {
      release();
      return;
    }
    Set<Pending> unique = Collections.newSetFromMap(new IdentityHashMap<>());
    unique.addAll(pendingRecent);
    unique.addAll(pendingMistakes);
    List<Pending> ordered = new ArrayList<>(unique);
    ordered.sort((a, b) -> Long.compare(a.seq(), b.seq()));
    // a page that closed since the images were kept gets no pictures made for it
    long deadline = System.nanoTime() + (watched() ? THUMBNAIL_BUDGET.toNanos() : -1);
    List<PredictionCard> cards = new ArrayList<>(ordered.size());
    // newest first, so the time budget is spent on the cards that stay on the page longest
    for (int i = ordered.size() - 1; i >= 0; i--) {
      Pending p = ordered.get(i);
      String thumbnail =
          p.image() == null || System.nanoTime() > deadline
              ? null
              : Thumbnails.dataUrl(p.image()).orElse(null);
      cards.add(
          new PredictionCard(
              p.seq(),
              p.prediction(),
              p.trueClass(),
              p.prediction().top1MatchesTrueLabel().orElse(null),
              thumbnail));
    }
    Collections.reverse(cards);
    pendingRecent.clear();
    pendingMistakes.clear();
    release();
    state.show(cards);
  }

  /** The image bytes counted since the last pass are no longer referenced by the view. */
  private void release() {
    imageBytes.addAndGet(-chargedSincePass);
    chargedSincePass = 0;
  }

  private static void keepNewest(Deque<Pending> pending, Pending item, int capacity) {
    pending.addLast(item);
    while (pending.size() > capacity) {
      pending.removeFirst();
    }
  }
}
