package io.mnasnet.streams.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelHolderTest {
  @Test
  void swapsAtOnceButClosesTheOldModelOnlyAfterItsLastBatch() {
    BrightnessClassifier v1 = new BrightnessClassifier("m", 1);
    BrightnessClassifier v2 = new BrightnessClassifier("m", 2);
    ModelHolder holder = new ModelHolder();
    holder.install(v1);

    ModelHolder.Lease running = holder.acquire();
    holder.install(v2);

    assertThat(holder.currentIdentity().orElseThrow().version()).isEqualTo(2);
    assertThat(v1.isClosed()).as("still used by a running batch").isFalse();
    try (ModelHolder.Lease next = holder.acquire()) {
      assertThat(next.model()).isSameAs(v2);
    }
    running.close();
    assertThat(v1.isClosed()).isTrue();
    assertThat(v2.isClosed()).isFalse();

    holder.close();
    assertThat(v2.isClosed()).isTrue();
    assertThatThrownBy(holder::acquire).hasMessageContaining("closed");
  }

  @Test
  void refusesToLeaseBeforeAModelIsInstalled() {
    assertThatThrownBy(() -> new ModelHolder().acquire()).hasMessageContaining("no model loaded");
  }
}
