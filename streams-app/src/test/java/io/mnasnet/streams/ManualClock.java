package io.mnasnet.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test advances it. Thread-safe. */
public final class ManualClock extends Clock {
  private volatile long millis;

  public ManualClock(Instant start) {
    this.millis = start.toEpochMilli();
  }

  /** Moves the clock forward. */
  public synchronized void advance(Duration duration) {
    millis += duration.toMillis();
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a manual clock has no zones");
  }
}
