package io.mnasnet.streams.webview;

import io.mnasnet.schemas.Prediction;
import io.mnasnet.streams.webview.Thumbnails.Thumbnail;
import io.mnasnet.streams.webview.ViewState.ShownCard;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
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
 * #PASS_INTERVAL}, puts the newest cards on the page. A busy stream therefore costs a count per
 * event and at most {@value #RECENT_CARDS} + {@value #MISTAKE_CARDS} cards per pass, whatever its
 * rate.
 *
 * <p><b>Pictures:</b> each card on the page keeps its image's bytes as they came (a reference, not
 * a copy), so a person who opens the page after a burst sees the pictures of the cards on screen.
 * Nothing is decoded until a page asks for a card's picture ({@link #thumbnail}): a small PNG or
 * JPEG (Fashion-MNIST's 28x28) is served as it came, a larger image is scaled down once and its
 * thumbnail replaces it. A view nobody watches therefore costs no decoding at all, only the bytes
 * it holds.
 *
 * <p>Memory: image bytes held by the view (in the queue and on the cards) are capped at {@link
 * #IMAGE_BYTES_BUDGET}; an image that does not fit is counted but its card has no picture, and
 * after each pass the oldest cards give up their pictures until the view holds at most half the
 * budget, so that the newest cards always find room. The rings of cards, mistakes and dead letters
 * and the chart window have fixed sizes, and the text producers control (ids, labels, reasons) is
 * shortened ({@link BoundedText}).
 *
 * <p>Errors: the view's thread logs an unexpected error and carries on; the page shows the count,
 * and shows its data as stale when the thread has not brought it up to date for a while (say, after
 * an error it could not survive).
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

  /** At most one error of the view's thread is logged per this interval (all are counted). */
  static final Duration ERROR_LOG_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(LiveView.class);

  private sealed interface Event permits Predicted, DeadLettered {}

  private record Predicted(Prediction prediction, byte[] image) implements Event {}

  private record DeadLettered(DeadLetterEvent event) implements Event {}

  private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final ImageBudget budget = new ImageBudget(IMAGE_BYTES_BUDGET);
  private final AtomicLong missed = new AtomicLong();
  private final ViewState state;
  private final Clock clock;
  private final Thread worker;
  private volatile boolean closed;

  // worker thread only
  private long seq;
  private long lastErrorLogNanos;
  private final Deque<Pending> pendingRecent = new ArrayDeque<>();
  private final Deque<Pending> pendingMistakes = new ArrayDeque<>();

  /** A counted prediction waiting for the next pass to become a card. */
  private record Pending(long seq, Prediction prediction, CardImage image, String trueClass) {}

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
    this.lastErrorLogNanos = System.nanoTime() - ERROR_LOG_INTERVAL.toNanos();
    this.worker = new Thread(this::run, THREAD_NAME);
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void predicted(Prediction prediction, byte[] image) {
    byte[] kept = image != null && budget.tryCharge(image.length) ? image : null;
    if (!queue.offer(new Predicted(prediction, kept))) {
      missed.incrementAndGet();
      if (kept != null) {
        budget.release(kept.length);
      }
    }
  }

  @Override
  public void deadLettered(DeadLetterEvent deadLetter) {
    if (!queue.offer(new DeadLettered(deadLetter))) {
      missed.incrementAndGet();
    }
  }

  /** What a page that has every card up to {@code afterSeq} needs now. */
  public ViewSnapshot snapshot(long afterSeq) {
    return state.snapshot(afterSeq, clock.millis());
  }

  /**
   * The picture of card {@code seq} of this view ({@code instance}), made now if no page asked for
   * it before; empty when the card has left the page, has no picture, or belongs to an earlier run.
   */
  public Optional<Thumbnail> thumbnail(String instance, long seq) {
    if (!state.instance().equals(instance)) {
      return Optional.empty();
    }
    return state.image(seq).flatMap(CardImage::thumbnail);
  }

  /** Whether card {@code seq} is on the page with a picture (for tests). */
  boolean hasPicture(long seq) {
    return state.image(seq).map(CardImage::held).orElse(false);
  }

  /** Image bytes the view holds right now (for tests of the bound). */
  long heldImageBytes() {
    return budget.held();
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
    while (!closed) {
      try {
        long wait = nextPass - System.nanoTime();
        if (wait > 0) {
          Event first = queue.poll(wait, TimeUnit.NANOSECONDS);
          if (first != null) {
            drained.add(first);
            queue.drainTo(drained);
            for (Event event : drained) {
              countSafely(event);
            }
            drained.clear();
          }
          continue;
        }
        nextPass = System.nanoTime() + PASS_INTERVAL.toNanos();
        pass();
        state.updated(clock.millis());
      } catch (InterruptedException e) {
        return; // closed
      } catch (RuntimeException e) {
        drained.clear();
        survive(e);
      }
    }
  }

  /** One event that fails is one event lost, not the view: counted, logged, and on. */
  private void countSafely(Event event) {
    try {
      count(event);
    } catch (RuntimeException e) {
      if (event instanceof Predicted p && p.image() != null) {
        budget.release(p.image().length);
      }
      survive(e);
    }
  }

  private void survive(RuntimeException e) {
    state.error();
    long now = System.nanoTime();
    if (now - lastErrorLogNanos >= ERROR_LOG_INTERVAL.toNanos()) {
      lastErrorLogNanos = now;
      log.warn(
          "The web view met an unexpected error and carries on (errors are counted on the page;"
              + " at most one is logged per {})",
          ERROR_LOG_INTERVAL,
          e);
    }
  }

  private void count(Event event) {
    if (event instanceof DeadLettered d) {
      state.deadLettered(bounded(d.event()));
      return;
    }
    Predicted p = (Predicted) event;
    CardImage image = p.image() == null ? null : new CardImage(p.image(), budget);
    state.count(p.prediction());
    seq++;
    Pending pending =
        new Pending(
            seq,
            bounded(p.prediction()),
            image,
            BoundedText.shorten(state.trueClass(p.prediction().trueLabel()), BoundedText.MAX_ID));
    keepNewest(pendingRecent, pending, RECENT_CARDS, pendingMistakes);
    if (Boolean.FALSE.equals(p.prediction().top1MatchesTrueLabel().orElse(null))) {
      keepNewest(pendingMistakes, pending, MISTAKE_CARDS, pendingRecent);
    }
  }

  /** The newest waiting predictions onto the page; pictures beyond half the budget let go. */
  private void pass() {
    state.missed(missed.getAndSet(0));
    if (pendingRecent.isEmpty() && pendingMistakes.isEmpty()) {
      return;
    }
    Set<Pending> unique = Collections.newSetFromMap(new IdentityHashMap<>());
    unique.addAll(pendingRecent);
    unique.addAll(pendingMistakes);
    List<Pending> ordered = new ArrayList<>(unique);
    ordered.sort((a, b) -> Long.compare(a.seq(), b.seq()));
    List<ShownCard> cards = new ArrayList<>(ordered.size());
    for (Pending p : ordered) {
      String thumbnail =
          p.image() == null
              ? null
              : "/api/thumbnail?instance=" + state.instance() + "&seq=" + p.seq();
      cards.add(
          new ShownCard(
              new PredictionCard(
                  p.seq(),
                  p.prediction(),
                  p.trueClass(),
                  p.prediction().top1MatchesTrueLabel().orElse(null),
                  thumbnail),
              p.image()));
    }
    pendingRecent.clear();
    pendingMistakes.clear();
    state.show(cards).forEach(CardImage::drop);
    // outside the state's lock: a picture being made for a page holds its card's lock meanwhile
    for (CardImage picture : state.picturesOldestFirst()) {
      if (budget.held() <= budget.limit() / 2) {
        break;
      }
      picture.drop();
    }
  }

  /** Adds {@code item}; a card pushed out of both waiting rings lets go of its picture. */
  private static void keepNewest(
      Deque<Pending> pending, Pending item, int capacity, Deque<Pending> other) {
    pending.addLast(item);
    while (pending.size() > capacity) {
      Pending gone = pending.removeFirst();
      if (gone.image() != null && other.stream().noneMatch(o -> o == gone)) {
        gone.image().drop();
      }
    }
  }

  /** The prediction with the text a producer controls shortened for the page. */
  private static Prediction bounded(Prediction prediction) {
    String id = BoundedText.shorten(prediction.id(), BoundedText.MAX_ID);
    String trueLabel = BoundedText.shorten(prediction.trueLabel(), BoundedText.MAX_ID);
    if (id.equals(prediction.id()) && java.util.Objects.equals(trueLabel, prediction.trueLabel())) {
      return prediction;
    }
    return new Prediction(
        id,
        prediction.topK(),
        prediction.model(),
        prediction.timings(),
        prediction.batchSize(),
        prediction.source(),
        trueLabel,
        prediction.predictedAt());
  }

  private static DeadLetterEvent bounded(DeadLetterEvent event) {
    return new DeadLetterEvent(
        BoundedText.shorten(event.id(), BoundedText.MAX_ID),
        event.reason(),
        BoundedText.shorten(event.message(), BoundedText.MAX_MESSAGE),
        event.topic(),
        event.partition(),
        event.offset(),
        event.atMs());
  }
}
