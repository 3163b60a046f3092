package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
  /** A clock that only moves when the limiter sleeps, or when the test says so. */
  private long now = 1_000_000_000L;

  private long slept;

  private RateLimiter limiter(double perSecond) {
    return new RateLimiter(
        perSecond,
        () -> now,
        nanos -> {
          slept += nanos;
          now += nanos;
        });
  }

  @Test
  void spacesEventsEvenly() throws Exception {
    RateLimiter limiter = limiter(10);
    long start = now;
    for (int i = 0; i < 11; i++) {
      limiter.acquire();
    }
    // the first is immediate, the next ten 100 ms apart
    assertThat(now - start).isEqualTo(1_000_000_000L);
  }

  @Test
  void unlimitedNeverWaits() throws Exception {
    RateLimiter limiter = limiter(0);
    for (int i = 0; i < 1000; i++) {
      limiter.acquire();
    }
    assertThat(limiter.isUnlimited()).isTrue();
    assertThat(slept).isZero();
  }

  @Test
  void aShortDelayIsCaughtUpAndALongStallIsNot() throws Exception {
    RateLimiter limiter = limiter(10);
    limiter.acquire();
    now += 300_000_000L; // the caller was busy for 300 ms: 3 slots passed
    limiter.acquire();
    limiter.acquire();
    limiter.acquire();
    assertThat(slept).isZero();
    limiter.acquire();
    assertThat(slept).isEqualTo(100_000_000L);

    slept = 0;
    now += 5_000_000_000L; // a 5 s stall: no burst of 50 afterwards
    limiter.acquire();
    limiter.acquire();
    assertThat(slept).isEqualTo(100_000_000L);
  }

  @Test
  void refusesANegativeRate() {
    assertThatThrownBy(() -> limiter(-1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> limiter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
