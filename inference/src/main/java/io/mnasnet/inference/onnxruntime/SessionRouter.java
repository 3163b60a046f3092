package io.mnasnet.inference.onnxruntime;

import io.mnasnet.inference.engine.BatchShards;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which of a model's sessions runs which images of a call: a batch of at least as many images as
 * there are parts is split, part {@code i} on the {@code i}-th single-threaded session, side by
 * side; a smaller batch (on 2 cores: one image) runs whole on one session whose intra-op pool spans
 * the cores, if the model has one, and is otherwise split too (one image per part).
 *
 * <p>Why: splitting keeps every core busy only when every part has an image. One 224x224 image on a
 * single-threaded session leaves the other cores idle, and ran at 0.62x ONNX Runtime's own pool on
 * a quiet machine (244 against 393 images/s, BENCHMARKS.md, issue 21), while the pooled session
 * equals it there. At 8 and 32 images the split and the pool were within a few percent. A call too
 * small to share (a 32x32 image: 0.08 ms) is the opposite case, so a model may have no pooled
 * session ({@link OnnxRuntimeClassifier} decides).
 *
 * <p>Owns the sessions and the threads that run the parts: {@link #close()} closes them all (call
 * it when no call runs any more). The pooled session is opened at load, not on the first small
 * call, so that no call pays for opening it; it costs about a session's resident memory (measured
 * in BENCHMARKS.md, issue 21).
 *
 * @param <S> a session (ONNX Runtime's {@code OrtSession}; any {@link AutoCloseable} in tests)
 */
final class SessionRouter<S extends AutoCloseable> implements AutoCloseable {

  /** One part of a call: images {@code [from, to)} run by {@code session}. */
  @FunctionalInterface
  interface Part<S, T> {
    T run(S session, int from, int to);
  }

  private final List<S> partSessions;
  private final S pooled;
  private final BatchShards shards;

  /**
   * @param partSessions one single-threaded session per part (one part: a session with the pool)
   * @param pooled the session with an intra-op pool across the cores, for calls with fewer images
   *     than parts; {@code null} with one part (its session has the pool already), or when such
   *     calls should be split as well
   * @param threadName prefix of the names of the threads that run parts after the first
   */
  SessionRouter(List<S> partSessions, S pooled, String threadName) {
    if (partSessions.isEmpty()) {
      throw new IllegalArgumentException("expected at least one session");
    }
    if (pooled != null && partSessions.size() == 1) {
      throw new IllegalArgumentException(
          "a pooled session beside a single part session would never run: that session has the"
              + " pool");
    }
    this.partSessions = List.copyOf(partSessions);
    this.pooled = pooled;
    this.shards = new BatchShards(partSessions.size(), threadName);
  }

  /** The most parts a call is split into. */
  int parts() {
    return partSessions.size();
  }

  /** Sessions held: the part sessions and the pooled one, if any. */
  int sessions() {
    return partSessions.size() + (pooled == null ? 0 : 1);
  }

  /** Whether a call of {@code n} images runs whole on the pooled session (else: split). */
  boolean pooled(int n) {
    return pooled != null && n < partSessions.size();
  }

  /**
   * Runs {@code n} images: whole on the pooled session in the caller's thread when {@link
   * #pooled(int)}, else split into contiguous parts run side by side.
   *
   * @return the parts' results, first images first
   */
  <T> List<T> run(int n, Part<S, T> part) {
    if (pooled(n)) {
      return Collections.singletonList(part.run(pooled, 0, n));
    }
    return shards.run(n, (index, from, to) -> part.run(partSessions.get(index), from, to));
  }

  @Override
  public void close() {
    shards.close();
    List<S> all = new ArrayList<>(partSessions);
    if (pooled != null) {
      all.add(pooled);
    }
    for (S session : all) {
      try {
        session.close();
      } catch (Exception e) {
        // nothing more to free: the session is gone either way; close the others
      }
    }
  }
}
