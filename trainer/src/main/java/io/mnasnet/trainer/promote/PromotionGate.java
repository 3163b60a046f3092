package io.mnasnet.trainer.promote;

import io.mnasnet.inference.engine.EngineChoice;
import io.mnasnet.inference.engine.LoadedModel;
import io.mnasnet.inference.engine.ModelLoading;
import io.mnasnet.inference.image.ImageSizeLimit;
import io.mnasnet.inference.runtime.ResolvedRuntime;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.inference.versions.ModelDirectory;
import io.mnasnet.inference.versions.VersionPublisher;
import io.mnasnet.schemas.ModelMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Promotes a candidate model only when it is not worse than the version being served: both are
 * scored on the same held-out images through the engine interface ({@link LoadedModel}, whichever
 * engine {@code --engine} picks, as the app would), printed side by side, and when the candidate's
 * top-1 accuracy is at most {@code maxRegressionPoints} percentage points below the served
 * version's, the candidate is published as the next version by {@link VersionPublisher}: written
 * aside, then renamed into place, so the app's hot reload never sees half of it. The model
 * directory's lock is held from the comparison to the publication, so the version compared against
 * is still the newest when the candidate lands above it.
 */
public final class PromotionGate {

  /**
   * How the gate decides.
   *
   * @param maxRegressionPoints how many percentage points of top-1 accuracy the candidate may lose
   *     against the served version and still be promoted, >= 0
   * @param dryRun score and decide, write nothing
   * @param engine the engine both models are scored with
   * @param batchSize images per model call
   */
  public record Settings(
      double maxRegressionPoints, boolean dryRun, EngineChoice engine, int batchSize) {
    /** Default allowed regression: none, the candidate must not be worse. */
    public static final double DEFAULT_MAX_REGRESSION_POINTS = 0;

    public Settings {
      if (!(maxRegressionPoints >= 0 && maxRegressionPoints <= 100)) {
        throw new IllegalArgumentException(
            "--max-regression is in percentage points, 0..100, got " + maxRegressionPoints);
      }
    }
  }

  private final Settings settings;
  private final ResolvedRuntime runtime;
  private final PrintStream out;

  public PromotionGate(Settings settings, ResolvedRuntime runtime, PrintStream out) {
    this.settings = settings;
    this.runtime = runtime;
    this.out = out;
  }

  /**
   * Scores, decides and, if the candidate may be served, publishes it.
   *
   * @param candidate the candidate's model directory (a SavedModel with {@code mnasnet.json})
   * @param training files to keep in the new version under their relative names (e.g. {@code
   *     training/run.json}), so it carries the records that made it
   * @param models the model directory the app serves from
   * @param heldOut the images both models are scored on
   * @throws IOException when a model cannot be loaded or the version cannot be written (nothing is
   *     published then)
   */
  public PromotionResult run(
      Path candidate, Map<String, Path> training, ModelDirectory models, HeldOutImages heldOut)
      throws IOException {
    if (heldOut.size() == 0) {
      throw new IOException("no held-out image to score the models on");
    }
    ModelMetadata candidateMetadata = ModelMetadataFile.read(candidate);
    VersionPublisher publisher = new VersionPublisher(models);
    try (VersionPublisher.Lock lock = settings.dryRun() ? null : publisher.lock()) {
      Optional<ModelDirectory.Version> served = models.newest();
      ModelScore candidateScore = score(candidate, heldOut);
      ModelScore servedScore = served.isPresent() ? score(served.get().directory(), heldOut) : null;
      int servedVersion = served.map(ModelDirectory.Version::version).orElse(0);
      new PromotionReport(out)
          .print(heldOut, candidateMetadata.labels(), candidateScore, servedVersion, servedScore);

      double change =
          servedScore == null
              ? 0
              : 100 * (candidateScore.top1Accuracy() - servedScore.top1Accuracy());
      boolean promote = servedScore == null || change >= -settings.maxRegressionPoints() - 1e-9;
      String reason =
          servedScore == null
              ? "no version is served from " + models.root() + " yet"
              : String.format(
                  Locale.ROOT,
                  "top-1 %+.2f points against served version %d; --max-regression %s allows %s",
                  change,
                  servedVersion,
                  plain(settings.maxRegressionPoints()),
                  settings.maxRegressionPoints() == 0
                      ? "no loss"
                      : "a loss of up to " + plain(settings.maxRegressionPoints()) + " points");
      if (!promote) {
        out.println(
            "Refused: "
                + reason
                + ". Nothing was written to "
                + models.root()
                + "; version "
                + servedVersion
                + " stays served.");
        return new PromotionResult(
            PromotionResult.Decision.REFUSED, candidateScore, servedScore, servedVersion, null);
      }
      if (settings.dryRun()) {
        out.println(
            "Would promote as version "
                + models.nextVersion()
                + " ("
                + reason
                + "); --dry-run:"
                + " nothing was written.");
        return new PromotionResult(
            PromotionResult.Decision.WOULD_PROMOTE,
            candidateScore,
            servedScore,
            servedVersion,
            null);
      }
      ModelDirectory.Version published =
          publisher.publish(lock, candidate, candidateMetadata, training);
      out.println(
          "Promoted: version "
              + published.version()
              + " is "
              + published.directory()
              + " ("
              + reason
              + "). A running app loads it at its next model poll.");
      return new PromotionResult(
          PromotionResult.Decision.PROMOTED, candidateScore, servedScore, servedVersion, published);
    }
  }

  private ModelScore score(Path version, HeldOutImages heldOut) throws IOException {
    try (LoadedModel model =
        ModelLoading.load(version, settings.engine(), runtime, ImageSizeLimit.DEFAULT).model()) {
      return new HeldOutEvaluation(settings.batchSize()).score(model, heldOut);
    }
  }

  private static String plain(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
