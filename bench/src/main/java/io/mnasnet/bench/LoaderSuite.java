package io.mnasnet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image-folder loader alone against PyTorch's DataLoader, on the same ImageNet-like JPEGs with
 * the same number of workers (one per core), in the same run: two rounds, each the trainer's loader
 * ({@code bench worker-loader}, its own JVM) then PyTorch's ({@code pytorch_bench.py loader}), so
 * that a change in the machine's load shows in both; medians over both rounds' repetitions, with
 * CPU time per image from {@code /proc} (PyTorch's main process and its workers). The trainer's
 * previous pipeline (whole-image {@code javax.imageio} decode, resize in Java) is measured once,
 * for the record.
 */
final class LoaderSuite {

  static final int BATCH = 64;
  static final int ROUNDS = 2;

  static final String METHOD =
      "Random-resized crop to 224 (scale 0.08-1, ratio 3/4-4/3) + horizontal flip + ImageNet"
          + " normalisation of ImageNet-like JPEGs, batches of "
          + BATCH
          + ", one worker per core, nothing consuming the batches but the timing loop, after a"
          + " warm-up. Trainer: ImageFolderDataset + CropDecodingTransform (box from the JPEG"
          + " header, libjpeg-turbo DecodeAndCropJpeg of that window at the largest DCT scale"
          + " keeping it >= 224, PIL's antialiased bilinear resample + flip + normalise in Java) in"
          + " the PrefetchingBatchLoader's threads. PyTorch: torchvision ImageFolder (PIL decodes"
          + " the whole JPEG) + RandomResizedCrop(224) + RandomHorizontalFlip + ToTensor +"
          + " Normalize in a DataLoader with persistent worker processes. Alternating, "
          + ROUNDS
          + " rounds.";

  private final ProjectHome home;
  private final BenchScale scale;
  private final Path logDir;
  private final PyTorchPeer peer;
  private final Optional<String> pyTorchUnavailable;
  private final BenchProgress progress;

  LoaderSuite(
      ProjectHome home,
      BenchScale scale,
      Path logDir,
      PyTorchPeer peer,
      Optional<String> pyTorchUnavailable,
      BenchProgress progress) {
    this.home = home;
    this.scale = scale;
    this.logDir = logDir;
    this.peer = peer;
    this.pyTorchUnavailable = pyTorchUnavailable;
    this.progress = progress;
  }

  LoaderSuiteResult run(ImageNetLikeJpegs.Written jpegs) throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    List<Double> trainer = new ArrayList<>();
    List<Double> trainerCpu = new ArrayList<>();
    List<Double> torch = new ArrayList<>();
    List<Double> torchCpu = new ArrayList<>();
    String note = pyTorchUnavailable.map(reason -> "PyTorch skipped: " + reason).orElse(null);
    for (int round = 0; round < ROUNDS; round++) {
      progress.say("loader: trainer, round " + (round + 1));
      try {
        LoaderResult result = worker(jpegs.dir(), cores, false, scale.trainSeconds());
        trainer.addAll(result.imagesPerSecond());
        trainerCpu.addAll(result.cpuMsPerImage());
      } catch (IOException e) {
        note = "trainer loader failed: " + e.getMessage();
        progress.say("loader: " + note);
      }
      if (pyTorchUnavailable.isEmpty()) {
        progress.say("loader: PyTorch DataLoader, round " + (round + 1));
        try {
          LoaderResult result =
              peer.loader(jpegs.dir(), cores, BATCH, scale.trainSeconds(), scale.repetitions());
          torch.addAll(result.imagesPerSecond());
          torchCpu.addAll(result.cpuMsPerImage());
          note = result.loader();
        } catch (IOException e) {
          note = "PyTorch loader failed: " + e.getMessage();
          progress.say("loader: " + note);
        }
      }
    }
    Spread previous = null;
    Spread previousCpu = null;
    progress.say("loader: trainer's previous pipeline");
    try {
      LoaderResult result = worker(jpegs.dir(), cores, true, scale.trainSeconds());
      previous = Spread.of(result.imagesPerSecond());
      previousCpu = Spread.of(result.cpuMsPerImage());
    } catch (IOException e) {
      progress.say("loader: previous pipeline failed: " + e.getMessage());
    }
    return new LoaderSuiteResult(
        METHOD,
        jpegs.describe(),
        note,
        cores,
        trainer.isEmpty() ? null : Spread.of(trainer),
        trainerCpu.isEmpty() ? null : Spread.of(trainerCpu),
        torch.isEmpty() ? null : Spread.of(torch),
        torchCpu.isEmpty() ? null : Spread.of(torchCpu),
        previous,
        previousCpu);
  }

  private LoaderResult worker(Path images, int workers, boolean javaDecode, double seconds)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                home.launcher().toString(),
                "bench",
                "worker-loader",
                "--images",
                images.toString(),
                "--workers",
                Integer.toString(workers),
                "--batch",
                Integer.toString(BATCH),
                "--seconds",
                Double.toString(seconds),
                "--repetitions",
                Integer.toString(scale.repetitions())));
    if (javaDecode) {
      command.add("--java-decode");
    }
    return ChildProcess.runForJson(
        command,
        Map.of(),
        Duration.ofMinutes(10),
        logDir.resolve("loader-" + (javaDecode ? "previous" : "trainer") + ".log"),
        LoaderResult.class);
  }
}
