package io.mnasnet.streams.webview;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The image bytes the view holds (in its queue and on its cards) against a fixed limit. The stream
 * threads charge an image when they hand it over, the view's threads release it when a card leaves
 * the page, when a thumbnail replaces it or when the view drops it to stay under the limit.
 */
final class ImageBudget {
  private final long limit;
  private final AtomicLong held = new AtomicLong();

  ImageBudget(long limit) {
    this.limit = limit;
  }

  /** Charges {@code bytes} if they fit under the limit; returns whether they did. */
  boolean tryCharge(long bytes) {
    if (held.addAndGet(bytes) <= limit) {
      return true;
    }
    held.addAndGet(-bytes);
    return false;
  }

  /** Changes the charge by {@code delta} bytes, e.g. when a thumbnail replaces an image. */
  void adjust(long delta) {
    held.addAndGet(delta);
  }

  void release(long bytes) {
    held.addAndGet(-bytes);
  }

  long held() {
    return held.get();
  }

  long limit() {
    return limit;
  }
}
