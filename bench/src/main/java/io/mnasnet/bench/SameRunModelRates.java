package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model's own rates for the pipeline suite, always from this run, with the engine the app
 * serves with: the model suite's figure when it measured that batch size, else a child measured now
 * (cached per model, batch and input), so every ratio compares figures taken on the same machine
 * minutes apart.
 */
final class SameRunModelRates implements PipelineSuite.RawModelRates {
  private final ModelSuiteResult modelSuiteResult;
  private final ModelSuite modelSuite;
  private final ExportedModels exported;
  private final EngineSetting serving;
  private final Map<String, Optional<ModelSuiteResult.Point>> measured = new HashMap<>();

  /**
   * @param modelSuiteResult the model suite's result, or {@code null} when it did not run
   */
  SameRunModelRates(
      ModelSuiteResult modelSuiteResult,
      ModelSuite modelSuite,
      ExportedModels exported,
      EngineSetting serving) {
    this.modelSuiteResult = modelSuiteResult;
    this.modelSuite = modelSuite;
    this.exported = exported;
    this.serving = serving;
  }

  @Override
  public Optional<ModelSuiteResult.Point> raw(BenchModel model, int batch)
      throws IOException, InterruptedException {
    if (modelSuiteResult != null) {
      Optional<ModelSuiteResult.Point> known = modelSuiteResult.point(serving, model.name(), batch);
      if (known.isPresent()) {
        return known;
      }
    }
    return measure(model, batch, null);
  }

  @Override
  public Optional<ModelSuiteResult.Point> withDecode(BenchModel model, int batch, Path imageDir)
      throws IOException, InterruptedException {
    return measure(model, batch, imageDir);
  }

  private Optional<ModelSuiteResult.Point> measure(BenchModel model, int batch, Path encodedImages)
      throws IOException, InterruptedException {
    String key = model.name() + "@" + batch + (encodedImages == null ? "" : "@" + encodedImages);
    if (!measured.containsKey(key)) {
      ModelSuiteResult.SettingRun run =
          modelSuite.runSetting(serving, List.of(model), exported, List.of(batch), encodedImages);
      measured.put(key, run.series().stream().flatMap(s -> s.at(batch).stream()).findFirst());
    }
    return measured.get(key);
  }
}
