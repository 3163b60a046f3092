package io.mnasnet.fuzz.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.trainer.data.IdxFile;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The reader of Fashion-MNIST's IDX files, gzipped or not ({@link IdxFile#parse}; {@code train},
 * {@code evaluate} and {@code produce --fashion-mnist --data-dir} read them from a user's folder):
 * dimensions and bytes that agree, or an {@link IOException} saying why.
 */
class IdxFileFuzzTest {
  private static final InputContract CONTRACT =
      InputContract.of("idx", Duration.ofMillis(250), 64L << 20).refusing(IOException.class);

  @FuzzTest
  void readsOrRefusesEveryFile(byte[] file) {
    CONTRACT
        .check(() -> IdxFile.parse(file, "fuzz-idx3-ubyte"))
        .ifPresent(
            idx -> {
              long size = 1;
              for (int dim : idx.dims()) {
                size *= dim;
              }
              assertThat(idx.data()).hasSize((int) size);
            });
  }

  @AfterAll
  static void report() {
    CONTRACT.report();
  }
}
