package io.mnasnet.trainer.snapshot;

import java.io.IOException;

/**
 * A snapshot that cannot be trained on (no record, no labelled record, nothing in one of the
 * splits); the message is one line saying what was read, why it cannot serve and what to do.
 */
public class UnusableSnapshotException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnusableSnapshotException(String message) {
    super(message);
  }
}
