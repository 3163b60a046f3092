package io.mnasnet.fuzz.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.trainer.io.Safetensors;
import io.mnasnet.trainer.io.SafetensorsFormatException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * {@code import-torch}'s reader of a user's {@code .safetensors} file ({@link Safetensors#parse}):
 * a file is tensors or a {@link SafetensorsFormatException} naming the file and the tensor, never
 * an allocation its header asks for.
 */
class SafetensorsFuzzTest {
  private static final InputContract CONTRACT =
      InputContract.of("safetensors", Duration.ofMillis(250), 64L << 20)
          .refusing(SafetensorsFormatException.class);

  @FuzzTest
  void readsOrRefusesEveryFile(byte[] file) {
    CONTRACT.check(() -> Safetensors.parse(file, "fuzz.safetensors"));
  }

  @AfterAll
  static void report() {
    CONTRACT.report();
  }
}
