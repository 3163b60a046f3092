package io.mnasnet.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PrefetchingBatchLoaderTest {

  private static final int COUNT = 96;

  /** 96 grey 28x28 images; image i has every pixel = i and label i % 10. */
  private static InMemorySamples samples() {
    byte[] pixels = new byte[COUNT * 28 * 28];
    int[] labels = new int[COUNT];
    for (int i = 0; i < COUNT; i++) {
      java.util.Arrays.fill(pixels, i * 784, (i + 1) * 784, (byte) i);
      labels[i] = i % 10;
    }
    return new InMemorySamples(pixels, labels, 28, 28, 1);
  }

  private static List<Batch> loadAll(SampleSource source, int workers, int prefetch) {
    BatchPlan plan = BatchPlan.shuffled(source.size(), 16, true, 7, 3);
    List<Batch> batches = new ArrayList<>();
    try (PrefetchingBatchLoader loader =
        new PrefetchingBatchLoader(
            source, ImagePipelines.fashionMnistTrain(3), plan, workers, prefetch)) {
      while (loader.hasNext()) {
        batches.add(loader.next());
      }
      assertThat(loader.dataWaitFraction()).isBetween(0.0, 1.0);
    }
    return batches;
  }

  @Test
  void deliversNhwcBatchesInPlanOrderWithMatchingLabels() {
    InMemorySamples source = samples();
    BatchPlan plan = BatchPlan.shuffled(COUNT, 16, true, 7, 3);
    List<Batch> batches = loadAll(source, 3, 2);

    assertThat(batches).hasSize(6);
    for (int b = 0; b < batches.size(); b++) {
      Batch batch = batches.get(b);
      assertThat(batch.index()).isEqualTo(b);
      assertThat(batch.shape()).containsExactly(16, 32, 32, 3);
      assertThat(batch.images()).hasSize(16 * 32 * 32 * 3);
      int[] expectedSamples = plan.samplesOf(b);
      for (int i = 0; i < 16; i++) {
        assertThat(batch.labels()[i]).isEqualTo(expectedSamples[i] % 10);
        // the centre pixel of image i is never padding: it identifies the sample
        float centre = batch.images()[((i * 32 + 16) * 32 + 16) * 3];
        float expected = (expectedSamples[i] / 255f - 0.2860f) / 0.3530f;
        assertThat(centre).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5f));
      }
    }
  }

  @Test
  void contentIsIdenticalWhateverTheNumberOfWorkers() {
    InMemorySamples source = samples();
    // a slow, jittery source shuffles the order in which workers finish
    SampleSource jittery =
        new SampleSource() {
          @Override
          public int size() {
            return source.size();
          }

          @Override
          public LabelledImage load(int index) {
            if (index % 7 == 0) {
              try {
                Thread.sleep(index % 3);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return source.load(index);
          }
        };
    List<Batch> single = loadAll(source, 1, 1);
    List<Batch> many = loadAll(jittery, 4, 3);

    assertThat(many).hasSameSizeAs(single);
    for (int b = 0; b < single.size(); b++) {
      assertThat(many.get(b).images()).isEqualTo(single.get(b).images());
      assertThat(many.get(b).labels()).isEqualTo(single.get(b).labels());
    }
  }

  @Test
  void differentEpochsAugmentDifferently() {
    InMemorySamples source = samples();
    Batch first = loadAll(source, 2, 2).get(0);
    BatchPlan other = BatchPlan.shuffled(COUNT, 16, true, 7, 4);
    try (PrefetchingBatchLoader loader =
        new PrefetchingBatchLoader(source, ImagePipelines.fashionMnistTrain(3), other, 2, 2)) {
      assertThat(loader.next().images()).isNotEqualTo(first.images());
    }
  }

  @Test
  void workerFailureSurfacesFromNextNamingBatchAndSample() {
    InMemorySamples source = samples();
    SampleSource failing =
        new SampleSource() {
          @Override
          public int size() {
            return source.size();
          }

          @Override
          public LabelledImage load(int index) throws IOException {
            if (index == 5) {
              throw new IOException("corrupt JPEG");
            }
            return source.load(index);
          }
        };
    BatchPlan plan = BatchPlan.sequential(COUNT, 4, 0); // sample 5 is in batch 1
    try (PrefetchingBatchLoader loader =
        new PrefetchingBatchLoader(failing, ImagePipelines.fashionMnistEval(1), plan, 2, 2)) {
      assertThat(loader.next().index()).isZero();
      assertThatThrownBy(loader::next)
          .isInstanceOf(BatchLoadingException.class)
          .hasMessageContaining("batch 1")
          .hasMessageContaining("sample 5")
          .hasMessageContaining("corrupt JPEG")
          .hasRootCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void boundedPrefetchAndCloseStopsTheWorkers() throws Exception {
    InMemorySamples source = samples();
    AtomicInteger loaded = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    SampleSource counting =
        new SampleSource() {
          @Override
          public int size() {
            return source.size();
          }

          @Override
          public LabelledImage load(int index) {
            loaded.incrementAndGet();
            started.countDown();
            return source.load(index);
          }
        };
    BatchPlan plan = BatchPlan.sequential(COUNT, 4, 0);
    PrefetchingBatchLoader loader =
        new PrefetchingBatchLoader(counting, ImagePipelines.fashionMnistEval(1), plan, 3, 2);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(200);
    // nothing consumed: at most `prefetch` batches of 4 were built
    assertThat(loaded.get()).isLessThanOrEqualTo(2 * 4);
    assertThat(workerThreads()).isNotEmpty();

    loader.close();

    // a pool reports termination a moment before its threads have fully exited
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!workerThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(workerThreads()).isEmpty();
    assertThatThrownBy(loader::next).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void measuresTheTimeTheConsumerWaited() {
    InMemorySamples source = samples();
    SampleSource slow =
        new SampleSource() {
          @Override
          public int size() {
            return 8;
          }

          @Override
          public LabelledImage load(int index) {
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return source.load(index);
          }
        };
    try (PrefetchingBatchLoader loader =
        new PrefetchingBatchLoader(
            slow, ImagePipelines.fashionMnistEval(1), BatchPlan.sequential(8, 4, 0), 1, 1)) {
      loader.next();
      loader.next();
      // the consumer did nothing but wait for a slow source
      assertThat(loader.waitedNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(100));
      assertThat(loader.dataWaitFraction()).isGreaterThan(0.5);
      assertThat(loader.hasNext()).isFalse();
    }
  }

  private static List<String> workerThreads() {
    List<String> names = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("batch-loader-") && thread.isAlive()) {
        names.add(thread.getName());
      }
    }
    return names;
  }
}
