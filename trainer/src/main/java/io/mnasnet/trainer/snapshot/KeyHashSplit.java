package io.mnasnet.trainer.snapshot;

import io.mnasnet.schemas.ModelLineage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Holds records out for validation by a hash of their id (the record key), so that an image lands
 * in the same split on every read of the topic and in every retrain, whatever else the topic holds
 * and in whatever order it is read. A positional split (the last 10% of each range) would move as
 * the topic grows and turn yesterday's training images into today's validation images.
 *
 * <p>The rule, so any tool can recompute it: take the SHA-256 of the id's UTF-8 bytes; read its
 * first 8 bytes as an unsigned big-endian number and keep the top 53 bits, {@code u}; the record is
 * held out when {@code u < fraction * 2^53}.
 */
public final class KeyHashSplit {
  private static final double TWO_TO_53 = 0x1.0p53;

  private final double fraction;

  /**
   * @param fraction the held-out share, in (0, 1)
   */
  public KeyHashSplit(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "the validation fraction must be in (0, 1), got " + fraction);
    }
    this.fraction = fraction;
  }

  public double fraction() {
    return fraction;
  }

  /** Whether the record with this id is held out for validation. */
  public boolean heldOut(String id) {
    return position(id) < fraction * TWO_TO_53;
  }

  /** The lineage's description of this split. */
  public ModelLineage.Split lineage() {
    return new ModelLineage.Split(ModelLineage.Split.KEY_HASH, fraction, List.of());
  }

  /** {@code u} of the class comment: where the id falls in [0, 2^53). */
  static long position(String id) {
    byte[] digest = sha256().digest(id.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong() >>> 11;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
