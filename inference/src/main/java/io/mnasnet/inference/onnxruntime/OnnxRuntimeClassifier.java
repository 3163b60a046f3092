package io.mnasnet.inference.onnxruntime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.mnasnet.inference.engine.Classification;
import io.mnasnet.inference.engine.Engine;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.Prediction;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.preprocessing.PreprocessingGraph;
import io.mnasnet.inference.preprocessing.PreprocessingSession;
import io.mnasnet.inference.preprocessing.PreprocessingSession.RejectedImagesException;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.savedmodel.ServingContract;
import io.mnasnet.schemas.ModelMetadata;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX Runtime engine: a version's {@code model.onnx} (written by the trainer's exporter)
 * served on the CPU, callable from any number of threads.
 *
 * <p><b>Threads.</b> With several inference shards (the CPU default: one per core) the engine opens
 * one ONNX Runtime session per shard, each with one intra-op thread, and runs a batch's parts side
 * by side, part {@code i} on session {@code i}: measured as fast as one session using ONNX
 * Runtime's own intra-op thread pool across the cores on a quiet machine, and faster under load
 * (BENCHMARKS.md). Beside them, for inputs large enough that one image's ops are worth sharing
 * ({@link PooledSessionRule}: 224x224 yes, 32x32 no), it opens one more session with an intra-op
 * pool across the cores (ONNX Runtime's default), for calls with fewer images than parts (one image
 * on 2 cores), which a single-threaded session would run on one core ({@link SessionRouter}). With
 * one shard ({@code --inference-shards 1}) it opens one session with {@code --intra-op-threads}
 * threads (0: ONNX Runtime's default, one per core). Each part runs as calls of at most {@link
 * #imagesPerCall()} images, so that a call's activations stay in the caches ({@link
 * CacheSizedCalls}: at 224x224 two sessions side by side ran calls of 4 images 1.3x faster per core
 * than calls of 16).
 *
 * <p><b>Encoded images.</b> {@link #classifyEncoded} decodes and preprocesses with the
 * preprocessing graph built from the version's {@code mnasnet.json} ({@link PreprocessingSession}:
 * the ops the SavedModel's encoded signature runs, JPEGs at a reduced DCT scale, only the crop
 * resampled, and nothing else: neither the SavedModel nor its weights are loaded), then runs the
 * network here. The graph is built at start for models that resize ({@code resize-center-crop}) and
 * on first use for padding models, whose images the app decodes in Java (so a padding model served
 * by ONNX Runtime may never start TensorFlow at all).
 *
 * <p><b>Inputs.</b> ONNX Runtime's Java API copies any input buffer that is not direct into a
 * direct one it allocates per call; so encoded images reach it as a direct buffer over the
 * preprocessing graph's output tensor (no copy), and float batches through direct buffers kept for
 * reuse ({@link DirectFloatBuffers}).
 *
 * <p>Native objects: the sessions, each call's input tensor and result, closed where opened; calls
 * after {@link #close()} fail with {@link IllegalStateException}, and {@code close} waits for
 * running calls.
 */
public final class OnnxRuntimeClassifier implements LoadedModel {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxRuntimeClassifier.class);

  private final Path dir;
  private final ModelMetadata metadata;
  private final ResolvedRuntime runtime;
  private final OrtEnvironment environment;
  private final SessionRouter<OrtSession> sessions;
  private final DirectFloatBuffers inputs;
  private final ImageSizeLimit sizeLimit;
  private final int imagesPerCall;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Object preprocessingLock = new Object();
  private PreprocessingSession preprocessing; // guarded by preprocessingLock
  private boolean closed; // guarded by lock

  private OnnxRuntimeClassifier(
      Path dir,
      ModelMetadata metadata,
      ResolvedRuntime runtime,
      OrtEnvironment environment,
      SessionRouter<OrtSession> sessions,
      ImageSizeLimit sizeLimit,
      int imagesPerCall) {
    this.dir = dir;
    this.sizeLimit = sizeLimit;
    this.imagesPerCall = imagesPerCall;
    this.metadata = metadata;
    this.runtime = runtime;
    this.environment = environment;
    this.sessions = sessions;
    // one input buffer per part of each concurrent call: the app's stream threads (2 by default)
    // times the parts, with room for a third caller (a benchmark, predict)
    this.inputs = new DirectFloatBuffers(3 * sessions.parts());
  }

  /**
   * Loads {@code dir}'s {@code model.onnx} with the threads of {@code runtime}; {@link
   * #classifyEncoded} refuses images {@code sizeLimit} refuses (judged from their headers) before
   * anything decodes them.
   *
   * @throws IOException naming the file and the export command if {@code model.onnx} is missing,
   *     damaged, or disagrees with {@code mnasnet.json}
   */
  public static OnnxRuntimeClassifier load(
      Path dir, ResolvedRuntime runtime, ImageSizeLimit sizeLimit) throws IOException {
    return load(dir, runtime, sizeLimit, CacheSizedCalls.AUTO);
  }

  /**
   * As {@link #load(Path, ResolvedRuntime, ImageSizeLimit)}, running at most {@code imagesPerCall}
   * images per ONNX Runtime call (0: as many as keep a call's activations in the caches, {@link
   * CacheSizedCalls}); for benchmarks that measure that rule.
   */
  public static OnnxRuntimeClassifier load(
      Path dir, ResolvedRuntime runtime, ImageSizeLimit sizeLimit, int imagesPerCall)
      throws IOException {
    ModelMetadata metadata = ModelMetadataFile.read(dir);
    int callLimit = CacheSizedCalls.of(metadata.preprocessing().imageSize(), imagesPerCall);
    try {
      PreprocessingGraph.validate(metadata.preprocessing());
    } catch (IllegalArgumentException e) {
      throw new IOException(
          dir.resolve(ModelMetadata.FILE_NAME)
              + ": "
              + e.getMessage()
              + " (not a version this"
              + " project exported)",
          e);
    }
    if (runtime.gpu()) {
      LOG.warn("{}: ONNX Runtime (CPU build) serves on the CPU; the GPU stays unused", dir);
    }
    int parts = runtime.gpu() ? 1 : runtime.inferenceShards();
    int intra = runtime.options().intraOpThreads();
    int perPart = parts > 1 ? Math.max(1, intra) : intra;
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    // every session opened so far, closed here if loading fails before the router owns them
    List<OrtSession> opened = new ArrayList<>(parts + 1);
    SessionRouter<OrtSession> router = null;
    OnnxRuntimeClassifier model = null;
    try (OrtSession.SessionOptions options = sessionOptions(perPart)) {
      for (int i = 0; i < parts; i++) {
        opened.add(OnnxModelFile.open(environment, dir, metadata, options));
      }
      List<OrtSession> partSessions = List.copyOf(opened);
      OrtSession pooled = null;
      if (parts > 1 && PooledSessionRule.pays(metadata.preprocessing().imageSize())) {
        // as many threads as the parts use together; with --intra-op-threads 0, ONNX Runtime's
        // default pool (one thread per core), as the peer uses (two threads set explicitly
        // measured the same within the runs' noise: BENCHMARKS.md, issue 21)
        try (OrtSession.SessionOptions pooledOptions =
            sessionOptions(intra > 0 ? parts * intra : 0)) {
          pooled = OnnxModelFile.open(environment, dir, metadata, pooledOptions);
          opened.add(pooled);
        }
      }
      router =
          new SessionRouter<>(partSessions, pooled, "mnasnet-onnxruntime-" + dir.getFileName());
      opened.clear(); // the router owns them now
      model =
          new OnnxRuntimeClassifier(
              dir, metadata, runtime, environment, router, sizeLimit, callLimit);
      if (ModelMetadata.Preprocessing.RESIZE_CENTER_CROP.equals(
          metadata.preprocessing().resize())) {
        model.preprocessing(); // every encoded image goes through it: load it now
      }
      return model;
    } catch (IOException | RuntimeException e) {
      if (model != null) {
        model.close();
      } else if (router != null) {
        router.close();
      }
      opened.forEach(OnnxModelFile::closeQuietly);
      throw e;
    } catch (OrtException e) {
      opened.forEach(OnnxModelFile::closeQuietly);
      throw new IOException("cannot configure an ONNX Runtime session for " + dir + ": " + e, e);
    }
  }

  /**
   * Session options: all graph optimisations (ONNX Runtime fuses convolution, bias and activation),
   * operators one after another, {@code intraOpThreads} threads inside each (0: its default).
   */
  static OrtSession.SessionOptions sessionOptions(int intraOpThreads) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setInterOpNumThreads(1);
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  @Override
  public Engine engine() {
    return Engine.ONNX_RUNTIME;
  }

  @Override
  public ModelMetadata metadata() {
    return metadata;
  }

  /**
   * Sessions this model runs: one per batch part, and with several parts and inputs of at least
   * {@link PooledSessionRule#SMALLEST_POOLED_PIXELS} pixels one more for calls with fewer images
   * than parts.
   */
  public int sessions() {
    return sessions.sessions();
  }

  @Override
  public float[][] logits(float[] nhwcBatch, int n) {
    return run(nhwcBatch, n)[0];
  }

  @Override
  public List<Prediction> predict(float[] nhwcBatch, int n) {
    return predictions(run(nhwcBatch, n));
  }

  @Override
  public List<Prediction> predict(int n, PixelWriter pixels) {
    if (n < 1) {
      throw new IllegalArgumentException("expected at least one image, got " + n);
    }
    int floatsPerImage = floatsPerImage();
    return predictions(
        runParts(
            n,
            (from, to, input) -> {
              float[] part = new float[(to - from) * floatsPerImage];
              for (int i = from; i < to; i++) {
                pixels.write(i, part, i - from);
              }
              input.put(0, part);
            }));
  }

  @Override
  public List<Classification> classifyEncoded(List<byte[]> images) {
    Classification[] results = new Classification[images.size()];
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Optional<String> refusal = sizeLimit.refusal(images.get(i));
      if (refusal.isPresent()) {
        results[i] = Classification.failed(refusal.get());
      } else {
        accepted.add(i);
      }
    }
    List<byte[]> decodable = accepted.stream().map(images::get).toList();
    List<Classification> classified = new ArrayList<>(decodable.size());
    if (!decodable.isEmpty()) {
      lock.readLock().lock();
      try {
        checkOpen();
        PreprocessingSession decoder = preprocessing();
        sessions
            .run(
                decodable.size(),
                (session, from, to) ->
                    classifyDecodable(decoder, session, decodable.subList(from, to)))
            .forEach(classified::addAll);
      } finally {
        lock.readLock().unlock();
      }
    }
    for (int k = 0; k < accepted.size(); k++) {
      results[accepted.get(k)] = classified.get(k);
    }
    return List.of(results);
  }

  /** Decodes and classifies one part; a refused batch is halved until the bad image is alone. */
  private List<Classification> classifyDecodable(
      PreprocessingSession decoder, OrtSession session, List<byte[]> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    PreprocessingSession.Preprocessed pixels;
    try {
      pixels = decoder.preprocessInPlace(images);
    } catch (RejectedImagesException batchFailure) {
      if (images.size() == 1) {
        return List.of(Classification.failed(batchFailure.getMessage()));
      }
      int half = images.size() / 2;
      List<Classification> results = new ArrayList<>(images.size());
      results.addAll(classifyDecodable(decoder, session, images.subList(0, half)));
      results.addAll(classifyDecodable(decoder, session, images.subList(half, images.size())));
      return results;
    }
    float[][][] outputs;
    try (pixels) {
      // ONNX Runtime reads the pixels where TensorFlow wrote them (a direct buffer: no copy)
      outputs = runPart(session, pixels.pixels(), images.size());
    }
    List<Classification> results = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      results.add(
          Classification.of(new Prediction(outputs[0][i], outputs[1][i], metadata.labels())));
    }
    return results;
  }

  /** Called with the read lock held (or before the model is published). */
  private PreprocessingSession preprocessing() {
    synchronized (preprocessingLock) {
      if (preprocessing == null) {
        preprocessing = PreprocessingSession.build(metadata.preprocessing(), runtime);
      }
      return preprocessing;
    }
  }

  private float[][][] run(float[] nhwcBatch, int n) {
    int floatsPerImage = floatsPerImage();
    long expected = (long) n * floatsPerImage;
    if (n < 1 || nhwcBatch.length != expected) {
      throw new IllegalArgumentException(
          "expected "
              + n
              + " images of "
              + imageSize()
              + "x"
              + imageSize()
              + "x3 = "
              + expected
              + " floats, got "
              + nhwcBatch.length);
    }
    return runParts(
        n,
        (from, to, input) ->
            input.put(0, nhwcBatch, from * floatsPerImage, (to - from) * floatsPerImage));
  }

  /** Writes images {@code [from, to)} into {@code input} from index 0, NHWC. */
  @FunctionalInterface
  private interface PartInput {
    void write(int from, int to, FloatBuffer input);
  }

  /**
   * {@code n} images split into parts run side by side (or whole on the pooled session, {@link
   * SessionRouter}), each part's pixels written by {@code partInput} into a direct buffer ONNX
   * Runtime takes as it is.
   *
   * @return {@code {logits, probabilities}}, each {@code [n][classes]}
   */
  private float[][][] runParts(int n, PartInput partInput) {
    int floatsPerImage = floatsPerImage();
    float[][] logits = new float[n][];
    float[][] probabilities = new float[n][];
    lock.readLock().lock();
    try {
      checkOpen();
      sessions.run(
          n,
          (session, from, to) -> {
            FloatBuffer input = inputs.take((to - from) * floatsPerImage);
            float[][][] part;
            try {
              partInput.write(from, to, input);
              part = runPart(session, input, to - from);
            } finally {
              inputs.give(input);
            }
            System.arraycopy(part[0], 0, logits, from, to - from);
            System.arraycopy(part[1], 0, probabilities, from, to - from);
            return null;
          });
    } finally {
      lock.readLock().unlock();
    }
    return new float[][][] {logits, probabilities};
  }

  /**
   * One part's {@code count} images on {@code session}: in calls of at most {@link #imagesPerCall}
   * images, one after another, each over its slice of {@code pixels}.
   */
  private float[][][] runPart(OrtSession session, FloatBuffer pixels, int count) {
    int floatsPerImage = floatsPerImage();
    float[][] logits = new float[count][];
    float[][] probabilities = new float[count][];
    for (int from = 0; from < count; from += imagesPerCall) {
      int n = Math.min(imagesPerCall, count - from);
      float[][][] call =
          runCall(session, pixels.slice(from * floatsPerImage, n * floatsPerImage), n);
      System.arraycopy(call[0], 0, logits, from, n);
      System.arraycopy(call[1], 0, probabilities, from, n);
    }
    return new float[][][] {logits, probabilities};
  }

  /** One call of one session on {@code count} images. */
  private float[][][] runCall(OrtSession session, FloatBuffer pixels, int count) {
    int size = imageSize();
    try (OnnxTensor input =
            OnnxTensor.createTensor(environment, pixels, new long[] {count, size, size, 3});
        OrtSession.Result result = session.run(Map.of(ServingContract.IMAGES, input))) {
      return new float[][][] {
        matrix(result, ServingContract.LOGITS), matrix(result, ServingContract.PROBABILITIES)
      };
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The most images one ONNX Runtime call runs ({@link CacheSizedCalls}). */
  public int imagesPerCall() {
    return imagesPerCall;
  }

  private static float[][] matrix(OrtSession.Result result, String name) throws OrtException {
    Object value =
        result
            .get(name)
            .orElseThrow(() -> new IllegalStateException("no output " + name))
            .getValue();
    return (float[][]) value;
  }

  private List<Prediction> predictions(float[][][] outputs) {
    List<Prediction> predictions = new ArrayList<>(outputs[0].length);
    for (int i = 0; i < outputs[0].length; i++) {
      predictions.add(new Prediction(outputs[0][i], outputs[1][i], metadata.labels()));
    }
    return predictions;
  }

  private int floatsPerImage() {
    return imageSize() * imageSize() * 3;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the model loaded from " + dir + " has been closed");
    }
  }

  /** Frees the sessions (and the preprocessing Session, if loaded) after running calls finish. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      sessions.close();
      synchronized (preprocessingLock) {
        if (preprocessing != null) {
          preprocessing.close();
          preprocessing = null;
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "OnnxRuntimeClassifier["
        + dir
        + ", "
        + metadata.name()
        + ", "
        + sessions()
        + " sessions, at most "
        + imagesPerCall
        + " images per call]";
  }
}
