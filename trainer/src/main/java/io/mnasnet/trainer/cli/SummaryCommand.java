package io.mnasnet.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mnasnet.trainer.model.MnasNetB1;
import io.mnasnet.trainer.model.MnasNetConfig;
import io.mnasnet.trainer.model.ModelSummary;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code summary}: per-layer output shapes, parameters and multiply-adds of MnasNet-B1 for a width,
 * class count and input size, computed from the architecture definition (no TensorFlow, no files).
 */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = {
      "Print MnasNet-B1's layers with output shape, parameters and multiply-adds, and the totals"
          + " (trainable parameters; multiply-adds of convolutions and the classifier, per image)."
          + " Computed from the architecture definition; reads and writes no files.",
      "Example: summary --width 1.0 --classes 1000 --image-size 224 (4,383,312 parameters,"
          + " 314,415,872 multiply-adds)."
    })
public final class SummaryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--width",
      paramLabel = "W",
      defaultValue = "1.0",
      description =
          "Width multiplier (any positive value; channels rounded to multiples of 8 as in"
              + " torchvision). Default: ${DEFAULT-VALUE}.")
  double width;

  @Option(
      names = "--classes",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Number of classes. Default: ${DEFAULT-VALUE}.")
  int classes;

  @Option(
      names = "--image-size",
      paramLabel = "S",
      defaultValue = "224",
      description = "Input side in pixels (at least 32). Default: ${DEFAULT-VALUE}.")
  int imageSize;

  @Option(
      names = "--json",
      description =
          "Print one JSON object {architecture, width, classes, imageSize, params, macs} instead"
              + " of the table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    MnasNetConfig config;
    try {
      config = MnasNetConfig.of(width, classes, imageSize);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("summary: " + e.getMessage());
      return 2;
    }
    ModelSummary summary = ModelSummary.of(MnasNetB1.network(config));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode node = mapper.createObjectNode();
      node.put("architecture", summary.network().architecture());
      node.put("width", width);
      node.put("classes", classes);
      node.put("imageSize", imageSize);
      node.put("params", summary.parameters());
      node.put("macs", summary.multiplyAdds());
      out.println(mapper.writeValueAsString(node));
    } else {
      out.print(summary.toTable());
    }
    out.flush();
    return 0;
  }
}
