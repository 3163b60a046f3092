package io.mnasnet.inference.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class DirectFloatBuffersTest {

  @Test
  void aBufferGivenBackIsLentAgainCleared() {
    DirectFloatBuffers buffers = new DirectFloatBuffers(2);
    FloatBuffer first = buffers.take(100);
    assertThat(first.isDirect()).isTrue();
    assertThat(first.order()).isEqualTo(ByteOrder.nativeOrder());
    assertThat(first.position()).isZero();
    assertThat(first.limit()).isEqualTo(100);
    first.put(7f).put(8f);
    buffers.give(first);

    FloatBuffer again = buffers.take(60);
    assertThat(again).isSameAs(first);
    assertThat(again.position()).isZero();
    assertThat(again.limit()).isEqualTo(60);
  }

  @Test
  void concurrentTakersGetDistinctBuffersAndASmallIdleOneIsReplaced() {
    DirectFloatBuffers buffers = new DirectFloatBuffers(2);
    FloatBuffer a = buffers.take(10);
    FloatBuffer b = buffers.take(10);
    assertThat(b).isNotSameAs(a);
    buffers.give(a);
    FloatBuffer larger = buffers.take(1000);
    assertThat(larger).isNotSameAs(a);
    assertThat(larger.capacity()).isGreaterThanOrEqualTo(1000);
    assertThat(buffers.idle()).isZero();
  }

  @Test
  void keepsNoMoreThanItRetains() {
    DirectFloatBuffers buffers = new DirectFloatBuffers(2);
    FloatBuffer a = buffers.take(10);
    FloatBuffer b = buffers.take(10);
    FloatBuffer c = buffers.take(10);
    buffers.give(a);
    buffers.give(b);
    buffers.give(c);
    assertThat(buffers.idle()).isEqualTo(2);
  }
}
