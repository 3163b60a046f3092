package io.mnasnet.streams.webview;

/**
 * Shortens text that producers control (image ids, true labels, dead-letter reasons quoting them)
 * before the view keeps it: an id may be as long as a Kafka key, and the page would carry it in
 * every poll. Kafka keeps the whole text; the page shows the start and an ellipsis.
 */
final class BoundedText {
  /** Longest image id or true label the page shows. */
  static final int MAX_ID = 200;

  /** Longest dead-letter reason the page shows. */
  static final int MAX_MESSAGE = 500;

  private BoundedText() {}

  /** {@code text} if it has at most {@code max} characters, else its start and "…"; null stays. */
  static String shorten(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never half a character
    }
    return text.substring(0, end) + "…";
  }
}
