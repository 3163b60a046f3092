package io.mnasnet.streams.webview;

import io.mnasnet.schemas.Prediction;

/**
 * What the topology tells the web view: each prediction it writes (with the encoded image) and each
 * record it dead-letters. Called on the stream threads, so an implementation must return at once:
 * no locks held for long, no I/O, no image decoding ({@link LiveView} only queues).
 */
public interface LiveFeed {
  /** A feed that ignores everything: the web view is off. */
  LiveFeed NONE =
      new LiveFeed() {
        @Override
        public void predicted(Prediction prediction, byte[] image) {}

        @Override
        public void deadLettered(DeadLetterEvent deadLetter) {}
      };

  /**
   * A prediction was forwarded to the output topic.
   *
   * @param image the encoded PNG/JPEG it was made from (not copied: never modify it)
   */
  void predicted(Prediction prediction, byte[] image);

  /** A record was forwarded to the dead-letter topic. */
  void deadLettered(DeadLetterEvent deadLetter);
}
