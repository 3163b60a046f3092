package io.mnasnet.trainer.cli;

import io.mnasnet.inference.engine.EngineChoice;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --engine} option of every command that serves a model version ({@code predict}, {@code
 * evaluate}, {@code bench}); {@code run} spells it the same through its settings ({@code
 * inference.engine}).
 */
public final class EngineOptionMixin {

  @Option(
      names = "--engine",
      paramLabel = "auto|onnxruntime|tensorflow",
      defaultValue = "auto",
      converter = EngineConverter.class,
      description =
          "What computes the model: onnxruntime, tensorflow, or auto (ONNX Runtime on a CPU when"
              + " the version has model.onnx, TensorFlow on a GPU or without it; the choice is"
              + " printed). Default: ${DEFAULT-VALUE}.")
  EngineChoice engine = EngineChoice.AUTO;

  /** The engine asked for. */
  public EngineChoice engine() {
    return engine;
  }

  /** Parses with {@link EngineChoice#parse}, naming the accepted values on error. */
  static final class EngineConverter implements ITypeConverter<EngineChoice> {
    @Override
    public EngineChoice convert(String value) {
      try {
        return EngineChoice.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
