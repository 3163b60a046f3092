package io.mnasnet.streams.inference;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the model every stream thread classifies with, and swaps in a new version between batches:
 * a batch {@linkplain #acquire() leases} the current model for its whole inference call; {@link
 * #install} makes a new model current at once, and the replaced one is closed when its last lease
 * is returned. So no batch ever sees a closed model, and every image of a batch is classified by
 * one version. Thread-safe.
 */
public final class ModelHolder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelHolder.class);

  private final Object lock = new Object();
  private Slot current; // guarded by lock
  private boolean closed; // guarded by lock

  /** A model and its open leases. */
  private static final class Slot {
    final ImageClassifier model;
    int leases;
    boolean retired;

    Slot(ImageClassifier model) {
      this.model = model;
    }
  }

  /** A model borrowed for one batch; close it (try-with-resources) when the batch is done. */
  public final class Lease implements AutoCloseable {
    private final Slot slot;
    private boolean released;

    private Lease(Slot slot) {
      this.slot = slot;
    }

    public ImageClassifier model() {
      return slot.model;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release(slot);
      }
    }
  }

  /**
   * Leases the current model.
   *
   * @throws IllegalStateException when no model is installed or the holder is closed
   */
  public Lease acquire() {
    synchronized (lock) {
      if (closed || current == null) {
        throw new IllegalStateException(closed ? "the model holder is closed" : "no model loaded");
      }
      current.leases++;
      return new Lease(current);
    }
  }

  /**
   * Makes {@code model} current; the previous model is closed once no batch uses it any more.
   *
   * @throws IllegalStateException when the holder is closed (the model is closed too)
   */
  public void install(ImageClassifier model) {
    Slot retired;
    synchronized (lock) {
      if (closed) {
        model.close();
        throw new IllegalStateException("the model holder is closed");
      }
      retired = current;
      current = new Slot(model);
      if (retired != null) {
        retired.retired = true;
        if (retired.leases > 0) {
          retired = null; // the last lease closes it
        }
      }
    }
    log.info("Serving model {}", model.identity());
    if (retired != null) {
      closeModel(retired);
    }
  }

  /** The identity of the current model, if one is installed. */
  public Optional<ModelIdentity> currentIdentity() {
    synchronized (lock) {
      return current == null ? Optional.empty() : Optional.of(current.model.identity());
    }
  }

  /** Closes the current model once its last lease is returned; later acquires fail. */
  @Override
  public void close() {
    Slot toClose = null;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (current != null) {
        current.retired = true;
        if (current.leases == 0) {
          toClose = current;
        }
        current = null;
      }
    }
    if (toClose != null) {
      closeModel(toClose);
    }
  }

  private void release(Slot slot) {
    boolean closeNow;
    synchronized (lock) {
      slot.leases--;
      closeNow = slot.retired && slot.leases == 0;
    }
    if (closeNow) {
      closeModel(slot);
    }
  }

  private static void closeModel(Slot slot) {
    log.info("Closing model {}", slot.model.identity());
    slot.model.close();
  }
}
