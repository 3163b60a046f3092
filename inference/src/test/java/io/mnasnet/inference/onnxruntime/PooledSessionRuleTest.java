package io.mnasnet.inference.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PooledSessionRuleTest {

  @Test
  void theMeasuredSizesFallOnTheirSides() {
    // 224x224: the pooled session ran one image 1.6-1.8x faster than one thread
    assertThat(PooledSessionRule.pays(224)).isTrue();
    // 32x32 (the shipped model): one thread ran steadily at half the CPU per image
    assertThat(PooledSessionRule.pays(32)).isFalse();
  }

  @Test
  void theLimitIsOneHundredTwentyEightSquared() {
    assertThat(PooledSessionRule.pays(128)).isTrue();
    assertThat(PooledSessionRule.pays(127)).isFalse();
  }
}
