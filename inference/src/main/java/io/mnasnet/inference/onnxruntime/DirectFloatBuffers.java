package io.mnasnet.inference.onnxruntime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Native-order direct float buffers lent to one ONNX Runtime call at a time and taken back after
 * it, for the input tensors of one model.
 *
 * <p>Why: ONNX Runtime wraps a direct buffer as the tensor's memory, but copies any other buffer
 * into a direct one it allocates for that call. For a batch part of 16 images at 224x224 that is
 * 9.6 MB allocated (and zeroed, and later freed by the garbage collector's cleaner) and copied on
 * every call; a buffer kept here is allocated once and reused, with no page faults on the next
 * call.
 *
 * <p>Thread-safe. Keeps at most {@code retained} buffers (one per part of each concurrent call is
 * enough: stream threads times batch parts); a buffer given back beyond that is left to the garbage
 * collector.
 */
final class DirectFloatBuffers {

  private final ConcurrentLinkedDeque<FloatBuffer> idle = new ConcurrentLinkedDeque<>();
  private final int retained;

  DirectFloatBuffers(int retained) {
    if (retained < 1) {
      throw new IllegalArgumentException("retained must be at least 1, got " + retained);
    }
    this.retained = retained;
  }

  /**
   * A buffer of at least {@code floats} floats, positioned at 0 with limit {@code floats}; give it
   * back with {@link #give} once no tensor uses it.
   */
  FloatBuffer take(int floats) {
    FloatBuffer buffer = idle.pollFirst();
    if (buffer == null || buffer.capacity() < floats) {
      // a smaller idle buffer is dropped, not kept beside the larger one replacing it
      buffer =
          ByteBuffer.allocateDirect(Math.multiplyExact(floats, Float.BYTES))
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
    }
    buffer.clear().limit(floats);
    return buffer;
  }

  /** Takes back a buffer from {@link #take}. */
  void give(FloatBuffer buffer) {
    if (idle.size() < retained) {
      idle.offerFirst(buffer);
    }
  }

  /** Buffers kept for reuse (for tests). */
  int idle() {
    return idle.size();
  }
}
