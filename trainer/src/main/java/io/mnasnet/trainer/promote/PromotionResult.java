package io.mnasnet.trainer.promote;

import io.mnasnet.inference.versions.ModelDirectory;

/**
 * What a promotion gate decided, with the scores it decided on.
 *
 * @param decision promoted, refused, or (dry run) would promote
 * @param candidate the candidate's score
 * @param served the served version's score, or null when nothing was served yet
 * @param servedVersion the version compared against, or 0 when none
 * @param published the version written, or null when nothing was written
 */
public record PromotionResult(
    Decision decision,
    ModelScore candidate,
    ModelScore served,
    int servedVersion,
    ModelDirectory.Version published) {

  /** Exit code of a promotion (or of a dry run that would promote). */
  public static final int EXIT_PROMOTED = 0;

  /** Exit code of a refusal: the candidate is worse by more than the allowed regression. */
  public static final int EXIT_REFUSED = 3;

  /** The gate's verdict. */
  public enum Decision {
    PROMOTED,
    WOULD_PROMOTE,
    REFUSED
  }

  /**
   * The process exit code that says the verdict: {@value #EXIT_PROMOTED} or {@value #EXIT_REFUSED}.
   */
  public int exitCode() {
    return decision == Decision.REFUSED ? EXIT_REFUSED : EXIT_PROMOTED;
  }
}
