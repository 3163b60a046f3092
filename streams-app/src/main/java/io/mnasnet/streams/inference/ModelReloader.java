package io.mnasnet.streams.inference;

import io.mnasnet.inference.versions.ModelDirectory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot model reload: polls a {@link ModelDirectory} for a version newer than the one being served,
 * loads it beside the current one (on its own thread, so inference goes on meanwhile) and installs
 * it in the {@link ModelHolder}, which swaps it in between batches and closes the old one. A
 * version that fails to load is logged and skipped until a newer one appears; the current version
 * keeps serving.
 */
public final class ModelReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModelReloader.class);

  private final ModelDirectory directory;
  private final ModelLoader loader;
  private final ModelHolder holder;
  private final Consumer<ModelIdentity> onReload;
  private final ScheduledExecutorService scheduler;
  private int lastFailedVersion; // only touched by the scheduler thread

  /**
   * Loads the newest version now and installs it.
   *
   * @throws ModelLoadException when there is no model or it cannot be loaded
   */
  public static ImageClassifier loadNewest(ModelDirectory directory, ModelLoader loader) {
    ModelDirectory.Version version = requireNewest(directory);
    return loader.load(version.directory(), version.version());
  }

  /**
   * The newest version, for start-up.
   *
   * @throws ModelLoadException saying what the directory should contain
   */
  public static ModelDirectory.Version requireNewest(ModelDirectory directory) {
    return directory.newest().orElseThrow(() -> new ModelLoadException(directory.expectedLayout()));
  }

  /**
   * Starts polling every {@code interval}.
   *
   * @param onReload called after a new version is installed (metrics, logs)
   */
  public ModelReloader(
      ModelDirectory directory,
      ModelLoader loader,
      ModelHolder holder,
      Duration interval,
      Consumer<ModelIdentity> onReload) {
    this.directory = directory;
    this.loader = loader;
    this.holder = holder;
    this.onReload = onReload;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "model-reloader");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::pollOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checks for a newer version once and installs it; returns whether it did. */
  boolean pollOnce() {
    try {
      int served = holder.currentIdentity().map(ModelIdentity::version).orElse(0);
      ModelDirectory.Version newest = directory.newest().orElse(null);
      if (newest == null || newest.version() <= served || newest.version() == lastFailedVersion) {
        return false;
      }
      log.info(
          "Model version {} found in {} (serving {}); loading it",
          newest.version(),
          directory.root(),
          served);
      ImageClassifier model;
      try {
        model = loader.load(newest.directory(), newest.version());
      } catch (RuntimeException e) {
        lastFailedVersion = newest.version();
        log.error(
            "Cannot load model version {} from {}; still serving version {}: {}",
            newest.version(),
            newest.directory(),
            served,
            e.getMessage(),
            e);
        return false;
      }
      holder.install(model);
      onReload.accept(model.identity());
      return true;
    } catch (RuntimeException e) {
      log.error("Model reload check failed; will retry", e);
      return false;
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
