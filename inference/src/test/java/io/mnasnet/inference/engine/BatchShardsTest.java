package io.mnasnet.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchShardsTest {

  @Test
  void coversTheBatchWithContiguousNearlyEqualPartsInOrder() {
    try (BatchShards shards = new BatchShards(3, "test")) {
      List<List<Integer>> parts = shards.run(8, (from, to) -> range(from, to));
      assertThat(parts).containsExactly(range(0, 2), range(2, 5), range(5, 8));
    }
  }

  @Test
  void neverMakesEmptyPartsForSmallBatches() {
    try (BatchShards shards = new BatchShards(4, "test")) {
      assertThat(shards.run(1, (from, to) -> range(from, to))).containsExactly(range(0, 1));
      assertThat(shards.run(2, (from, to) -> range(from, to)))
          .containsExactly(range(0, 1), range(1, 2));
    }
  }

  @Test
  void runsThePartsConcurrently() throws Exception {
    // Each part waits for the other: this only finishes if they run at the same time.
    CountDownLatch bothStarted = new CountDownLatch(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (BatchShards shards = new BatchShards(2, "test")) {
      shards.run(
          10,
          (from, to) -> {
            threads.add(Thread.currentThread().getName());
            bothStarted.countDown();
            try {
              return bothStarted.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
    }
    assertThat(bothStarted.getCount()).isZero();
    assertThat(threads).hasSize(2);
  }

  @Test
  void aFailingPartFailsTheCallAfterTheOthersFinished() {
    List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
    try (BatchShards shards = new BatchShards(2, "test")) {
      assertThatThrownBy(
              () ->
                  shards.run(
                      4,
                      (from, to) -> {
                        if (from == 2) {
                          throw new IllegalArgumentException("bad part");
                        }
                        finished.add(from);
                        return from;
                      }))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bad part");
    }
    assertThat(finished).containsExactly(0);
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      values.add(i);
    }
    return values;
  }
}
