package io.mnasnet.trainer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KeyHashSplitTest {

  @Test
  void followsTheDocumentedRule() {
    // sha256("img-1") = c2a64047d8d3241f ... (printf 'img-1' | sha256sum); top 53 bits of the first
    // 8 bytes
    long expected = Long.parseUnsignedLong("c2a64047d8d3241f", 16) >>> 11;
    assertThat(KeyHashSplit.position("img-1")).isEqualTo(expected);
  }

  @Test
  void anIdStaysInItsSplitWhateverElseIsRead() {
    KeyHashSplit split = new KeyHashSplit(0.1);
    for (int i = 0; i < 1000; i++) {
      String id = "image-" + i;
      assertThat(new KeyHashSplit(0.1).heldOut(id)).isEqualTo(split.heldOut(id));
    }
  }

  @Test
  void holdsOutAboutTheFraction() {
    KeyHashSplit split = new KeyHashSplit(0.2);
    long heldOut = IntStream.range(0, 10_000).filter(i -> split.heldOut("id-" + i)).count();
    // binomial(10000, 0.2): standard deviation 40
    assertThat(heldOut).isBetween(1_800L, 2_200L);
  }

  @Test
  void aLargerFractionHoldsOutASuperset() {
    KeyHashSplit small = new KeyHashSplit(0.1);
    KeyHashSplit large = new KeyHashSplit(0.3);
    for (int i = 0; i < 2000; i++) {
      if (small.heldOut("k" + i)) {
        assertThat(large.heldOut("k" + i)).isTrue();
      }
    }
  }

  @Test
  void refusesFractionsOutsideTheOpenInterval() {
    assertThatThrownBy(() -> new KeyHashSplit(0)).hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> new KeyHashSplit(1)).hasMessageContaining("(0, 1)");
  }
}
