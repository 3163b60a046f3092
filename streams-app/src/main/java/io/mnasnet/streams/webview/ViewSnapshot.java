package io.mnasnet.streams.webview;

import java.util.List;

/**
 * What one poll of the page receives ({@code GET /api/view?after=SEQ}), as JSON.
 *
 * @param instance a random id of this app instance's view: the page starts over when it changes
 * @param nowMs server time, epoch millis
 * @param updatedMs when the view's thread last brought the data up to date (every 0.4 s while it
 *     works): much older than {@code nowMs} means the page shows stale data
 * @param totals counts since the instance started
 * @param accuracy top-1 accuracy over predictions with a true label, overall and per model version
 * @param confusion counts of (true, predicted) class pairs
 * @param slotMs width of a point of {@code series}
 * @param series throughput, latency percentiles and dead letters of the last minutes, oldest first
 * @param cards cards newer than the page's {@code after}, oldest first (each card is sent once)
 * @param recent the cards to show, newest first (by seq)
 * @param mistakes the most recent wrong predictions, newest first (by seq)
 * @param deadLetters the most recent dead letters, newest first
 */
public record ViewSnapshot(
    String instance,
    long nowMs,
    long updatedMs,
    Totals totals,
    Accuracy accuracy,
    ConfusionMatrix.Snapshot confusion,
    long slotMs,
    List<ActivitySeries.Point> series,
    List<PredictionCard> cards,
    List<Long> recent,
    List<Long> mistakes,
    List<DeadLetterEvent> deadLetters) {

  /**
   * @param predictions predictions seen
   * @param deadLetters records dead-lettered
   * @param missed events the view could not keep up with (counted nowhere else on the page)
   * @param errors errors the view's thread met and carried on after (the app's log has them)
   * @param model the model of the latest prediction and its engine, e.g. {@code
   *     mnasnet0_5-fashion-mnist v1 (onnxruntime)}
   */
  public record Totals(
      long predictions, long deadLetters, long missed, long errors, String model) {}

  /**
   * @param labelled predictions that carried a true label
   * @param correct of those, how many had it as their top-1 class
   * @param byModel the same per model version, oldest version first (the last few versions)
   */
  public record Accuracy(long labelled, long correct, List<ModelAccuracy> byModel) {
    public Accuracy {
      byModel = List.copyOf(byModel);
    }
  }

  /**
   * Top-1 accuracy of one model version, so that a promoted version's effect is visible.
   *
   * @param model e.g. {@code mnasnet0_5-fashion-mnist v2 (onnxruntime)}
   * @param labelled its predictions that carried a true label
   * @param correct of those, how many had it as their top-1 class
   */
  public record ModelAccuracy(String model, long labelled, long correct) {}
}
