package io.mnasnet.streams.webview;

import io.mnasnet.streams.webview.Thumbnails.Thumbnail;
import java.util.Optional;

/**
 * The picture of one card: the image's bytes as they came (charged to the {@link ImageBudget}),
 * until a page asks for the card's thumbnail; from then on the thumbnail alone (for a small PNG or
 * JPEG, the same bytes). Nothing is decoded unless a page asks, so a view nobody watches spends no
 * CPU on pictures. Thread-safe: the view's thread drops pictures, HTTP threads ask for them.
 */
final class CardImage {
  private final ImageBudget budget;
  private byte[] encoded;
  private Thumbnail thumbnail;
  private long charged;

  /** A picture of {@code encoded}, whose bytes the caller has already charged to {@code budget}. */
  CardImage(byte[] encoded, ImageBudget budget) {
    this.encoded = encoded;
    this.budget = budget;
    this.charged = encoded.length;
  }

  /**
   * The thumbnail, made now if no page asked before; empty once the picture was dropped or when the
   * image cannot be read.
   */
  synchronized Optional<Thumbnail> thumbnail() {
    if (thumbnail == null && encoded != null) {
      Optional<Thumbnail> made = Thumbnails.of(encoded);
      encoded = null;
      if (made.isEmpty()) {
        budget.release(charged);
        charged = 0;
        return Optional.empty();
      }
      thumbnail = made.get();
      budget.adjust(thumbnail.bytes().length - charged);
      charged = thumbnail.bytes().length;
    }
    return Optional.ofNullable(thumbnail);
  }

  /** Whether the card still has a picture to show. */
  synchronized boolean held() {
    return encoded != null || thumbnail != null;
  }

  /** Lets go of the picture and its charge (the card shows none from now on). */
  synchronized void drop() {
    budget.release(charged);
    charged = 0;
    encoded = null;
    thumbnail = null;
  }
}
