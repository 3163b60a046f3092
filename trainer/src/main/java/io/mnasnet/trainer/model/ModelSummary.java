package io.mnasnet.trainer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-layer output shapes, parameter counts and multiply-adds of a {@link Network}, computed from
 * its definition (no TensorFlow). Totals count trainable parameters (not BatchNorm moving
 * statistics) and the multiply-adds of convolutions and the classifier, as torchvision reports
 * them.
 *
 * @param network the summarised network
 * @param rows one row per top-level module
 * @param parameters total trainable parameters
 * @param multiplyAdds total multiply-adds per image
 */
public record ModelSummary(Network network, List<Row> rows, long parameters, long multiplyAdds) {

  /**
   * One module.
   *
   * @param name torchvision module path
   * @param description kind and hyper-parameters
   * @param outputShape shape of its output for one image
   * @param parameters trainable parameters
   * @param multiplyAdds multiply-adds per image
   */
  public record Row(
      String name,
      String description,
      FeatureShape outputShape,
      long parameters,
      long multiplyAdds) {}

  public ModelSummary {
    rows = List.copyOf(rows);
  }

  /** Summarises {@code network}. */
  public static ModelSummary of(Network network) {
    List<Row> rows = new ArrayList<>();
    FeatureShape shape = network.inputShape();
    long parameters = 0;
    long multiplyAdds = 0;
    for (Layer layer : network.layers()) {
      long layerParameters =
          layer.parameters().stream()
              .filter(p -> p.role().trainable())
              .mapToLong(ParameterSpec::elements)
              .sum();
      long layerMultiplyAdds = layer.multiplyAdds(shape);
      shape = layer.outputShape(shape);
      rows.add(
          new Row(layer.name(), layer.description(), shape, layerParameters, layerMultiplyAdds));
      parameters += layerParameters;
      multiplyAdds += layerMultiplyAdds;
    }
    return new ModelSummary(network, rows, parameters, multiplyAdds);
  }

  /** A fixed-width table with a header, one line per row and a totals line. */
  public String toTable() {
    MnasNetConfig config = network.config();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s width %s, %d classes, input %dx%dx3%n",
            network.architecture(),
            config.width(),
            config.numClasses(),
            config.imageSize(),
            config.imageSize()));
    String format = "%-14s %-44s %-14s %,12d %,16d%n";
    String header =
        String.format(
            Locale.ROOT,
            "%-14s %-44s %-14s %12s %16s%n",
            "layer",
            "type",
            "output",
            "params",
            "mult-adds");
    out.append(header);
    out.append("-".repeat(header.length() - 1)).append('\n');
    for (Row row : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              format,
              row.name(),
              row.description(),
              row.outputShape(),
              row.parameters(),
              row.multiplyAdds()));
    }
    out.append("-".repeat(header.length() - 1)).append('\n');
    out.append(String.format(Locale.ROOT, format, "total", "", "", parameters, multiplyAdds));
    return out.toString();
  }
}
