package io.mnasnet.cli.produce;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces out events to a steady rate: {@link #acquire()} blocks until the next slot of a fixed
 * schedule ({@code 1/rate} seconds apart). A caller that fell behind by up to {@link #MAX_CATCH_UP}
 * may catch up in a burst, so the average rate holds; after a longer stall the schedule restarts
 * rather than flooding the broker.
 */
public final class RateLimiter {
  /** How far behind schedule a caller may fall and still catch up. */
  public static final Duration MAX_CATCH_UP = Duration.ofSeconds(1);

  /** Sleeps for a number of nanoseconds; a parameter so tests can use a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private static final long UNSET = Long.MIN_VALUE;

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long nextSlot = UNSET;

  /**
   * A limiter of {@code perSecond} events per second on the given clock; 0 means no limit.
   *
   * @param nanoClock a monotonic clock, e.g. {@code System::nanoTime}
   */
  public RateLimiter(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(
          "rate must be a number of events per second >= 0 (0 = no limit), got " + perSecond);
    }
    this.intervalNanos = perSecond == 0 ? 0 : Math.max(1, Math.round(1e9 / perSecond));
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  /** A limiter on the system clock; 0 means no limit. */
  public static RateLimiter perSecond(double perSecond) {
    return new RateLimiter(
        perSecond,
        System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  public boolean isUnlimited() {
    return intervalNanos == 0;
  }

  /** Waits for the next slot (at once when unlimited). */
  public void acquire() throws InterruptedException {
    if (isUnlimited()) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (nextSlot == UNSET || now - nextSlot > MAX_CATCH_UP.toNanos()) {
      nextSlot = now;
    }
    if (nextSlot > now) {
      sleeper.sleepNanos(nextSlot - now);
    }
    nextSlot += intervalNanos;
  }
}
