package io.mnasnet.trainer.runlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.trainer.runlog.TensorBoardEventReader.ScalarEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

class TensorBoardEventWriterTest {

  @TempDir Path runDir;

  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

  @Test
  void writesAVersionEventThenScalarsThatReadBack() throws Exception {
    Path file;
    try (TensorBoardEventWriter writer = TensorBoardEventWriter.create(runDir, clock, "box")) {
      file = writer.file();
      writer.scalar("train/loss", 2.5, 10);
      Map<String, Double> epoch = new LinkedHashMap<>();
      epoch.put("val/top1", 0.75);
      epoch.put("val/top5", 0.99);
      writer.scalars(epoch, 20);
    }

    assertThat(file.getFileName().toString()).isEqualTo("events.out.tfevents.1700000000.box");
    List<Event> events = TensorBoardEventReader.readEvents(file);
    assertThat(events).hasSize(3);
    assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");
    assertThat(events.get(0).getWallTime()).isEqualTo(1.7e9);

    assertThat(TensorBoardEventReader.readScalars(file))
        .containsExactly(
            new ScalarEvent("train/loss", 10, 1.7e9, 2.5f),
            new ScalarEvent("val/top1", 20, 1.7e9, 0.75f),
            new ScalarEvent("val/top5", 20, 1.7e9, 0.99f));
  }

  @Test
  void framesRecordsWithTheTfRecordLayoutAndKnownMaskedCrc() throws Exception {
    Path file;
    try (TensorBoardEventWriter writer = TensorBoardEventWriter.create(runDir, clock, "box")) {
      file = writer.file();
    }
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long length = buffer.getLong(0);
    assertThat(bytes).hasSize((int) (8 + 4 + length + 4));
    byte[] data = new byte[(int) length];
    System.arraycopy(bytes, 12, data, 0, data.length);
    assertThat(new String(data, StandardCharsets.ISO_8859_1)).contains("brain.Event:2");

    // masked CRC32C of the empty string (CRC 0) is just the mask delta: a fixed reference value
    assertThat(TfRecordFraming.maskedCrc32c(new byte[0], 0, 0)).isEqualTo(0xa282ead8);
    // CRC32C("123456789") = 0xE3069283 (the standard check value), masked by hand
    int crc = 0xE3069283;
    int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(TfRecordFraming.maskedCrc32c(check, 0, check.length)).isEqualTo(masked);
  }

  @Test
  void detectsACorruptedDataCrcAndNamesTheOffset() throws Exception {
    Path file;
    try (TensorBoardEventWriter writer = TensorBoardEventWriter.create(runDir, clock, "box")) {
      file = writer.file();
      writer.scalar("train/loss", 1.0, 1);
    }
    byte[] bytes = Files.readAllBytes(file);
    long firstLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    long secondRecord = 8 + 4 + firstLength + 4;
    bytes[(int) secondRecord + 12 + 3] ^= 0x40; // flip a bit in the second record's data
    Files.write(file, bytes);

    assertThatThrownBy(() -> TensorBoardEventReader.readEvents(file))
        .isInstanceOf(CorruptEventFileException.class)
        .hasMessageContaining("data CRC mismatch")
        .hasMessageContaining("offset " + secondRecord);
  }

  @Test
  void detectsACorruptedLengthAndATruncatedFile() throws Exception {
    Path file;
    try (TensorBoardEventWriter writer = TensorBoardEventWriter.create(runDir, clock, "box")) {
      file = writer.file();
      writer.scalar("train/loss", 1.0, 1);
    }
    byte[] bytes = Files.readAllBytes(file);

    byte[] badLength = bytes.clone();
    badLength[0] ^= 0x01;
    Files.write(file, badLength);
    assertThatThrownBy(() -> TensorBoardEventReader.readEvents(file))
        .hasMessageContaining("length CRC mismatch");

    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 2));
    assertThatThrownBy(() -> TensorBoardEventReader.readEvents(file))
        .isInstanceOf(CorruptEventFileException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void twoWritersInTheSameSecondGetDistinctFiles() throws Exception {
    try (TensorBoardEventWriter first = TensorBoardEventWriter.create(runDir, clock, "box");
        TensorBoardEventWriter second = TensorBoardEventWriter.create(runDir, clock, "box")) {
      assertThat(second.file()).isNotEqualTo(first.file());
      assertThat(second.file().getFileName().toString()).contains("tfevents");
    }
  }
}
