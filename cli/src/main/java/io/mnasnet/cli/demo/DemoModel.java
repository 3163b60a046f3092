package io.mnasnet.cli.demo;

import io.mnasnet.cli.CommandFailedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the demo's model is: {@code --model DIR}, or the pretrained Fashion-MNIST model shipped
 * with the project at {@value #SHIPPED} under the project's root (system property {@value
 * #HOME_PROPERTY}, which {@code bin/mnasnet} sets; the current directory without it). A missing
 * directory is an error that says how to get a model: the demo never falls back to another one.
 */
final class DemoModel {
  /** The shipped model, relative to the project's root. */
  static final String SHIPPED = "models/fashion-mnist/mnasnet0_5";

  /** The system property holding the project's root. */
  static final String HOME_PROPERTY = "mnasnet.home";

  private DemoModel() {}

  /** The shipped model's directory under the project root {@code home} ({@code null}: ".") . */
  static Path shipped(String home) {
    return Path.of(home == null || home.isBlank() ? "." : home).resolve(SHIPPED).normalize();
  }

  /**
   * {@code chosen}, or the shipped model when it is {@code null}; checked to exist.
   *
   * @throws CommandFailedException naming the directory and how to get a model
   */
  static Path resolve(Path chosen) {
    Path directory =
        chosen != null ? chosen : shipped(System.getProperty(HOME_PROPERTY)).toAbsolutePath();
    if (!Files.isDirectory(directory)) {
      throw new CommandFailedException(
          (chosen != null
                  ? "No model directory at " + directory + " (--model)."
                  : "The pretrained model is missing: no directory "
                      + directory
                      + " (it ships with the project; is this a complete checkout?).")
              + " Make one with `bin/mnasnet import-torch --weights W.safetensors --width 0.5"
              + " --classes 10 --image-size 32 --labels fashion-mnist --preprocessing fashion-mnist"
              + " --out DIR/1` (torchvision weights, see trainer/IMPORTING.md) or train one"
              + " (`bin/mnasnet train --help`), then run `bin/mnasnet demo --model DIR`.");
    }
    return directory;
  }
}
