package io.mnasnet.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * The classification of one image, the value on topic {@code predictions-out} (key = the input
 * key). Schema: {@code schemas/prediction.schema.json}.
 *
 * @param id the image id
 * @param topK the most probable classes, most probable first (at least one)
 * @param model the model that made the prediction
 * @param timings where the time went
 * @param batchSize how many images were classified together with this one (>= 1)
 * @param source where the input record was read
 * @param trueLabel the input's {@code label} attribute, carried through so consumers can compute
 *     accuracy, or {@code null}
 * @param predictedAt when the result was produced, epoch millis
 */
public record Prediction(
    String id,
    List<ClassScore> topK,
    ModelRef model,
    Timings timings,
    int batchSize,
    SourcePosition source,
    @JsonInclude(JsonInclude.Include.NON_NULL) String trueLabel,
    long predictedAt) {

  public Prediction {
    Checks.nonEmpty(id, "id");
    topK = Checks.nonEmptyList(topK, "topK");
    for (int i = 1; i < topK.size(); i++) {
      if (topK.get(i).probability() > topK.get(i - 1).probability()) {
        throw new IllegalArgumentException(
            "'topK' must be sorted by probability, descending; entry "
                + i
                + " ("
                + topK.get(i).probability()
                + ") > entry "
                + (i - 1)
                + " ("
                + topK.get(i - 1).probability()
                + ")");
      }
    }
    Checks.required(model, "model");
    Checks.required(timings, "timings");
    Checks.atLeast(batchSize, 1, "batchSize");
    Checks.required(source, "source");
    if (trueLabel != null) {
      Checks.nonEmpty(trueLabel, "trueLabel");
    }
    Checks.atLeast(predictedAt, 0, "predictedAt");
  }

  /** The most probable class. */
  public ClassScore top1() {
    return topK.get(0);
  }

  /**
   * Whether the top-1 class is the true one, when the input carried a label: a label that is a
   * number is compared with the class index, any other with the class label.
   */
  public Optional<Boolean> top1MatchesTrueLabel() {
    if (trueLabel == null) {
      return Optional.empty();
    }
    ClassScore best = top1();
    try {
      return Optional.of(Integer.parseInt(trueLabel.trim()) == best.index());
    } catch (NumberFormatException notAnIndex) {
      return Optional.of(trueLabel.equals(best.label()));
    }
  }

  /**
   * One class and its probability.
   *
   * @param index class index (position in the model's labels)
   * @param label class label, e.g. {@code Ankle boot}
   * @param probability softmax probability, 0..1
   */
  public record ClassScore(int index, String label, double probability) {
    public ClassScore {
      Checks.atLeast(index, 0, "topK.index");
      Checks.nonEmpty(label, "topK.label");
      if (!(probability >= 0.0 && probability <= 1.0)) {
        throw new IllegalArgumentException(
            "'topK.probability' must be in [0, 1], got " + probability + " (class " + index + ")");
      }
    }
  }

  /**
   * The model that made a prediction.
   *
   * @param name model name, as in its metadata
   * @param version model version (>= 1)
   * @param engine the runtime that computed it, e.g. {@code onnxruntime} or {@code tensorflow} (the
   *     names {@code --engine} takes), or {@code null} when the producer did not say (predictions
   *     written before the field existed)
   */
  public record ModelRef(
      String name, int version, @JsonInclude(JsonInclude.Include.NON_NULL) String engine) {
    public ModelRef {
      Checks.nonEmpty(name, "model.name");
      Checks.atLeast(version, 1, "model.version");
      if (engine != null) {
        Checks.nonEmpty(engine, "model.engine");
      }
    }

    /** A model whose engine is not named. */
    public ModelRef(String name, int version) {
      this(name, version, null);
    }
  }

  /**
   * Where the time went, in milliseconds. {@code queuedMs} and {@code endToEndMs} are measured from
   * the event's timestamp, which another machine's clock may have set; they can be negative when
   * that clock runs ahead, so they are not checked.
   *
   * @param queuedMs from the event's timestamp (or arrival) to the start of inference
   * @param inferenceMs inference time of the whole batch
   * @param endToEndMs from the event's timestamp to the result
   */
  public record Timings(long queuedMs, long inferenceMs, long endToEndMs) {
    public Timings {
      Checks.atLeast(inferenceMs, 0, "timings.inferenceMs");
    }
  }

  /**
   * Where the input record was read.
   *
   * @param topic input topic
   * @param partition input partition
   * @param offset input offset
   */
  public record SourcePosition(String topic, int partition, long offset) {
    public SourcePosition {
      Checks.nonEmpty(topic, "source.topic");
      Checks.atLeast(partition, 0, "source.partition");
      Checks.atLeast(offset, 0, "source.offset");
    }
  }
}
