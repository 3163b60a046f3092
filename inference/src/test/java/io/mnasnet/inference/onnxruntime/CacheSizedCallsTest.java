package io.mnasnet.inference.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CacheSizedCallsTest {

  @Test
  void aCallHoldsAtMostAQuarterMillionInputPixels() {
    // 224x224: 5 images (the measured plateau was 1-8, calls of 16 were 1.3x slower per core)
    assertThat(CacheSizedCalls.of(224, CacheSizedCalls.AUTO)).isEqualTo(5);
    assertThat(CacheSizedCalls.of(112, CacheSizedCalls.AUTO)).isEqualTo(20);
    // the shipped 32x32 model: batches of up to 256 run as one call
    assertThat(CacheSizedCalls.of(32, CacheSizedCalls.AUTO)).isEqualTo(256);
  }

  @Test
  void imagesLargerThanTheBudgetStillRunOneAtATime() {
    assertThat(CacheSizedCalls.of(1024, CacheSizedCalls.AUTO)).isEqualTo(1);
    assertThat(CacheSizedCalls.of(65_536, CacheSizedCalls.AUTO)).isEqualTo(1);
  }

  @Test
  void anExplicitLimitWins() {
    assertThat(CacheSizedCalls.of(224, 16)).isEqualTo(16);
    assertThat(CacheSizedCalls.of(32, 1)).isEqualTo(1);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> CacheSizedCalls.of(0, 0)).hasMessageContaining("image size");
    assertThatThrownBy(() -> CacheSizedCalls.of(224, -1)).hasMessageContaining("images per call");
  }
}
