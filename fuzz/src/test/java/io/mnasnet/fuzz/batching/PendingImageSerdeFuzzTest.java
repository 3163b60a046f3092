package io.mnasnet.fuzz.batching;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mnasnet.fuzz.InputContract;
import io.mnasnet.streams.batching.PendingImageSerde;
import java.time.Duration;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;

/**
 * The batch buffer's entries as its changelog holds them ({@link PendingImageSerde}): a corrupt or
 * foreign entry (another version's, a truncated restore) is refused with a {@link
 * SerializationException}, never read as another length or allocated from a length it claims.
 */
class PendingImageSerdeFuzzTest {
  private static final InputContract CONTRACT =
      InputContract.of("pending-image-serde", Duration.ofMillis(200), 16L << 20)
          .refusing(SerializationException.class);

  private final PendingImageSerde serde = new PendingImageSerde();

  @FuzzTest
  void readsOrRefusesEveryEntry(byte[] entry) {
    CONTRACT
        .check(() -> serde.deserializer().deserialize("changelog", entry))
        .ifPresent(
            image -> {
              // what was read writes back to the same bytes: nothing was skipped or invented
              byte[] again = serde.serializer().serialize("changelog", image);
              assertThat(serde.deserializer().deserialize("changelog", again)).isEqualTo(image);
            });
  }

  @AfterAll
  static void report() {
    CONTRACT.report();
  }
}
