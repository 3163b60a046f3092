package io.mnasnet.inference.preprocessing;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.tensorflow.RawTensor;
import org.tensorflow.ndarray.buffer.DataStorageVisitor;

/**
 * A TensorFlow tensor's native memory seen as a {@link java.nio} direct buffer, without copying.
 *
 * <p>TensorFlow Java copies a tensor out only into Java arrays quickly; ONNX Runtime copies any
 * buffer that is not direct. Seen through a direct buffer, the preprocessing graph's output is ONNX
 * Runtime's input as it stands. The address comes from the tensor's own buffer (its public {@link
 * DataStorageVisitor}), the direct buffer from JavaCPP (the library TensorFlow Java is built on);
 * the buffer is valid only while the tensor is open.
 */
final class TensorMemory {

  private TensorMemory() {}

  /**
   * The first {@code floats} floats of {@code tensor}'s memory, as a native-order direct buffer.
   *
   * @throws IllegalStateException if the tensor is smaller, or its memory is not native memory
   */
  static FloatBuffer floats(RawTensor tensor, int floats) {
    long bytes = (long) floats * Float.BYTES;
    if (tensor.numBytes() < bytes) {
      throw new IllegalStateException(
          "tensor of " + tensor.numBytes() + " bytes, expected at least " + bytes);
    }
    long address =
        tensor
            .data()
            .accept(
                new DataStorageVisitor<Long>() {
                  @Override
                  public Long visit(long address, long length, long scale) {
                    return address;
                  }

                  @Override
                  public Long fallback() {
                    throw new IllegalStateException("tensor memory is not native memory");
                  }
                });
    // a BytePointer (one byte per element) over memory it does not own: no deallocator
    return new BytePointer(new Address(address, bytes))
        .asByteBuffer()
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /** An address and size, only to construct the BytePointer from (JavaCPP keeps both protected). */
  private static final class Address extends Pointer {
    Address(long address, long bytes) {
      this.address = address;
      this.limit = bytes;
      this.capacity = bytes;
    }
  }
}
