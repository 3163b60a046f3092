package io.mnasnet.fuzz.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.trainer.io.Npy;
import io.mnasnet.trainer.io.NpyFormatException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * {@code predict --npy}'s reader of a user's {@code .npy} array ({@link Npy#parse}): an array or an
 * {@link NpyFormatException} naming the file; an array read writes back to one that reads equal.
 */
class NpyFuzzTest {
  private static final InputContract CONTRACT =
      InputContract.of("npy", Duration.ofMillis(250), 64L << 20).refusing(NpyFormatException.class);

  @FuzzTest
  void readsOrRefusesEveryFile(byte[] file) {
    CONTRACT
        .check(() -> Npy.parse(file, "fuzz.npy"))
        .ifPresent(
            array -> {
              byte[] again = Npy.toByteArray(array);
              assertThat(Npy.toByteArray(parse(again))).isEqualTo(again);
            });
  }

  private static io.mnasnet.trainer.io.NpyArray parse(byte[] bytes) {
    try {
      return Npy.parse(bytes, "written back");
    } catch (NpyFormatException e) {
      throw new AssertionError("an array this reader accepted wrote back unreadable: " + e, e);
    }
  }

  @AfterAll
  static void report() {
    CONTRACT.report();
  }
}
