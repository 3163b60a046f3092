package io.mnasnet.streams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.engine.Engine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CoalescingInferenceTest {
  /** A classifier whose first call blocks until released, to make batches queue up. */
  private static final class GatedClassifier implements ImageClassifier {
    final CountDownLatch firstCallStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> callSizes = Collections.synchronizedList(new ArrayList<>());
    final ModelIdentity identity =
        new ModelIdentity("gated", 1, Engine.ONNX_RUNTIME, List.of("a", "b"));

    @Override
    public ModelIdentity identity() {
      return identity;
    }

    @Override
    public List<ImageScores> classify(List<byte[]> images) {
      callSizes.add(images.size());
      firstCallStarted.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      List<ImageScores> out = new ArrayList<>();
      for (byte[] image : images) {
        // echo the first byte so each caller can check it got its own rows back
        out.add(ImageScores.of(new float[] {image[0], 0}));
      }
      return out;
    }

    @Override
    public void close() {}
  }

  @Test
  void mergesBatchesArrivingWhileTheModelIsBusyAndGivesEachItsOwnRows() throws Exception {
    GatedClassifier model = new GatedClassifier();
    ModelHolder holder = new ModelHolder();
    holder.install(model);
    CoalescingInference inference = new CoalescingInference(holder);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      Future<BatchResult> first = threads.submit(() -> inference.classify(images(1, 2)));
      model.firstCallStarted.await();
      Future<BatchResult> second = threads.submit(() -> inference.classify(images(10, 3)));
      Future<BatchResult> third = threads.submit(() -> inference.classify(images(20, 4)));
      Thread.sleep(200); // let both queue behind the running call
      model.release.countDown();

      assertThat(first.get().modelBatchSize()).isEqualTo(2);
      assertThat(second.get().modelBatchSize()).isEqualTo(7);
      assertThat(third.get().modelBatchSize()).isEqualTo(7);
      assertThat(model.callSizes).containsExactly(2, 7);
      assertThat(firstColumn(second.get())).containsExactly(10f, 11f, 12f);
      assertThat(firstColumn(third.get())).containsExactly(20f, 21f, 22f, 23f);
    } finally {
      threads.shutdownNow();
    }
  }

  private static List<Float> firstColumn(BatchResult result) {
    List<Float> column = new ArrayList<>();
    for (ImageScores row : result.scores()) {
      column.add(row.probabilities()[0]);
    }
    return column;
  }

  private static List<byte[]> images(int first, int count) {
    List<byte[]> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      images.add(new byte[] {(byte) (first + i)});
    }
    return images;
  }
}
