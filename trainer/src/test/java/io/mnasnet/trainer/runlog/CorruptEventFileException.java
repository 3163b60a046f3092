package io.mnasnet.trainer.runlog;

import java.io.IOException;

/** An event file whose TFRecord framing or CRCs do not check out. */
public final class CorruptEventFileException extends IOException {

  private final long position;

  CorruptEventFileException(String source, String problem, long position) {
    this(source, problem, position, null);
  }

  CorruptEventFileException(String source, String problem, long position, Throwable cause) {
    super(source + ": " + problem + " at byte offset " + position, cause);
    this.position = position;
  }

  /** Byte offset of the first bad record. */
  public long position() {
    return position;
  }
}
