package io.mnasnet.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What every consumer of an exported model must know to use it: its identity, its class labels and
 * exactly how an image becomes the model's input tensor. Written by the trainer as {@code
 * mnasnet.json} beside {@code saved_model.pb}; read by the streaming app and {@code predict}, so
 * that training and serving preprocess identically. Schema: {@code
 * schemas/model-metadata.schema.json}.
 *
 * @param name model name, e.g. {@code mnasnet0_5-fashion-mnist}
 * @param version model version (the numbered directory it is served from, or 1)
 * @param architecture {@code mnasnet-b1} (torchvision's MNASNet) or {@code mnasnet-a1}
 * @param width width multiplier (depth multiplier in the paper), e.g. 0.5 or 1.0
 * @param labels class labels, index = class id; its size is the number of classes
 * @param preprocessing how an image becomes an input tensor
 * @param signatures names of the SavedModel signatures and their tensors
 * @param onnx the ONNX export beside the SavedModel, if the version has one (optional)
 * @param lineage where the version came from: run, parent model, Kafka records (optional)
 */
public record ModelMetadata(
    String name,
    int version,
    String architecture,
    double width,
    List<String> labels,
    Preprocessing preprocessing,
    Signatures signatures,
    @JsonInclude(JsonInclude.Include.NON_NULL) OnnxExport onnx,
    @JsonInclude(JsonInclude.Include.NON_NULL) ModelLineage lineage) {

  /** The file name of the metadata inside a model directory. */
  public static final String FILE_NAME = "mnasnet.json";

  /** Metadata of a version without an ONNX export or lineage. */
  public ModelMetadata(
      String name,
      int version,
      String architecture,
      double width,
      List<String> labels,
      Preprocessing preprocessing,
      Signatures signatures) {
    this(name, version, architecture, width, labels, preprocessing, signatures, null, null);
  }

  /** The same metadata recording {@code export} (null: no ONNX export). */
  public ModelMetadata withOnnx(OnnxExport export) {
    return new ModelMetadata(
        name, version, architecture, width, labels, preprocessing, signatures, export, lineage);
  }

  /** The same metadata with {@code value} as its lineage (null: none). */
  public ModelMetadata withLineage(ModelLineage value) {
    return new ModelMetadata(
        name, version, architecture, width, labels, preprocessing, signatures, onnx, value);
  }

  /** The same metadata as version {@code value} (a promoted copy). */
  public ModelMetadata withVersion(int value) {
    return new ModelMetadata(
        name, value, architecture, width, labels, preprocessing, signatures, onnx, lineage);
  }

  public int numClasses() {
    return labels.size();
  }

  /**
   * How an image becomes the model's {@code float32 [N, size, size, 3]} NHWC input.
   *
   * <p>Order: decode to 8-bit pixels; grey images are replicated to 3 channels; {@code x =
   * (pixel/255 - mean[c]) / std[c]}; then the image is brought to {@code imageSize}:
   *
   * <ul>
   *   <li>{@code resize = "pad"}: an image smaller than {@code imageSize} is padded evenly on all
   *       sides with the <em>normalized</em> value of black ({@code -mean/std}), i.e. padding
   *       happens after normalization (how the Fashion-MNIST models see 28x28 images at 32x32); a
   *       larger image is resized to {@code imageSize} (bilinear) first.
   *   <li>{@code resize = "resize-center-crop"}: the shorter side is resized (bilinear) to {@code
   *       resizeSize}, then the centre {@code imageSize x imageSize} is cropped (ImageNet style,
   *       224 of 256).
   * </ul>
   *
   * @param imageSize side of the square model input
   * @param resize {@code pad} or {@code resize-center-crop}
   * @param resizeSize shorter side before the centre crop (only for {@code resize-center-crop})
   * @param mean per-channel mean (R, G, B) on the 0..1 scale
   * @param std per-channel standard deviation (R, G, B) on the 0..1 scale
   * @param grayscale how grey images become 3 channels: {@code replicate}
   */
  public record Preprocessing(
      int imageSize,
      String resize,
      int resizeSize,
      List<Double> mean,
      List<Double> std,
      String grayscale) {
    public static final String RESIZE_PAD = "pad";
    public static final String RESIZE_CENTER_CROP = "resize-center-crop";
    public static final String GRAYSCALE_REPLICATE = "replicate";
  }

  /**
   * The SavedModel's signatures.
   *
   * @param normalized key of the signature taking {@code images}: float32 [N,H,W,3], already
   *     preprocessed; outputs {@code logits} and {@code probabilities}
   * @param encoded key of the signature taking {@code encoded_images}: string [N] of PNG/JPEG
   *     bytes, decoded and preprocessed inside the graph; same outputs
   */
  public record Signatures(String normalized, String encoded) {
    public static final Signatures DEFAULT = new Signatures("serving_default", "serving_encoded");
  }

  /**
   * The ONNX model in the version directory, written by the trainer from the same weights as the
   * SavedModel: batch norm folded into the convolutions, input {@code images} float32 {@code [N, S,
   * S, 3]} NHWC (preprocessed as {@link Preprocessing} says, N dynamic), outputs {@code logits} and
   * {@code probabilities} {@code [N, classes]}.
   *
   * @param file its file name in the version directory, {@code model.onnx}
   * @param opset the version of the default ONNX operator set ({@code ai.onnx}) it imports
   * @param sha256 lower-case hex SHA-256 of the file: a replaced or damaged file is refused at load
   */
  public record OnnxExport(String file, int opset, String sha256) {
    /** The file name the exporter writes. */
    public static final String FILE_NAME = "model.onnx";
  }
}
