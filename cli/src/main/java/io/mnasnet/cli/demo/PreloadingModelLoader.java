package io.mnasnet.cli.demo;

import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.streams.inference.ImageClassifier;
import io.mnasnet.streams.inference.ModelLoader;
import io.mnasnet.streams.inference.ModelReloader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Loads the newest version of a model directory on a background thread from the moment it is
 * created, and hands it to the first {@link #load} of that version: the demo loads its model while
 * the broker starts, instead of after. The preloaded model also classifies one blank image, so
 * TensorFlow's one-time graph preparation is not paid by the first real batch. Every other load
 * (hot reload of a newer version) goes to the delegate.
 */
final class PreloadingModelLoader implements ModelLoader, AutoCloseable {
  /** A black 28x28 greyscale PNG, the size of a Fashion-MNIST image. */
  private static final byte[] BLANK_IMAGE = ImageEncoding.encodeGreyPng(new byte[28 * 28], 28, 28);

  private final ModelLoader delegate;
  private final ModelDirectory.Version preloaded;
  private final CompletableFuture<ImageClassifier> model;
  private boolean handedOut; // guarded by this

  private PreloadingModelLoader(
      ModelLoader delegate,
      ModelDirectory.Version preloaded,
      CompletableFuture<ImageClassifier> model) {
    this.delegate = delegate;
    this.preloaded = preloaded;
    this.model = model;
  }

  /**
   * Starts loading the newest version of {@code directory} with {@code delegate}.
   *
   * @throws io.mnasnet.streams.inference.ModelLoadException at once when the directory holds no
   *     model (saying what it should hold)
   */
  static PreloadingModelLoader start(ModelDirectory directory, ModelLoader delegate) {
    ModelDirectory.Version newest = ModelReloader.requireNewest(directory);
    CompletableFuture<ImageClassifier> model = new CompletableFuture<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                ImageClassifier classifier = delegate.load(newest.directory(), newest.version());
                classifier.classify(List.of(BLANK_IMAGE));
                model.complete(classifier);
              } catch (RuntimeException | Error e) {
                model.completeExceptionally(e);
              }
            },
            "mnasnet-demo-model-preload");
    loader.setDaemon(true);
    loader.start();
    return new PreloadingModelLoader(delegate, newest, model);
  }

  @Override
  public synchronized ImageClassifier load(Path directory, int version) {
    if (handedOut || version != preloaded.version() || !directory.equals(preloaded.directory())) {
      return delegate.load(directory, version);
    }
    handedOut = true;
    try {
      return model.join();
    } catch (CompletionException e) {
      // the loader's own exception (ModelLoadException, saying what is wrong), as if loaded here
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /** Closes the preloaded model if nobody took it (the demo failed before its app started). */
  @Override
  public synchronized void close() {
    if (!handedOut) {
      handedOut = true;
      model.thenAccept(ImageClassifier::close);
    }
  }
}
