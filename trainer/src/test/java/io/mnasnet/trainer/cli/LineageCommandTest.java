package io.mnasnet.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.schemas.ModelLineage;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.trainer.training.TrainingData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LineageCommandTest {
  @TempDir Path models;

  @Test
  void printsTheSnapshotTheCommandsToReadItAgainAndTheParentsLineage() throws Exception {
    version("1", null);
    version(
        "2",
        new ModelLineage(
            "runs/drift-1",
            ModelLineage.TRAIN_ALL,
            new ModelLineage.Parent("fm", 1, models.resolve("1").toString()),
            new ModelLineage.StreamSnapshot(
                "cluster-x",
                "broker:9092",
                "earliest",
                null,
                0,
                List.of(new ModelLineage.PartitionRange("images-in", 0, 5, 25)),
                new ModelLineage.Split(ModelLineage.Split.KEY_HASH, 0.1, List.of()),
                new ModelLineage.Records(20, 17, 2, Map.of("no label", 1L), Map.of("a", 17L)))));

    StringWriter out = new StringWriter();
    int exit =
        new CommandLine(new LineageCommand())
            .setOut(new PrintWriter(out, true))
            .execute(models.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("Model fm version 2")
        .contains("cluster cluster-x")
        .contains("images-in-0 [5, 25)")
        .contains("20 read, 17 trained, 2 held out")
        .contains("skipped: no label 1")
        .contains("--topic images-in --partition 0 --offset 5 --max-messages 20")
        .contains("fine-tuned from fm version 1")
        .contains("Model fm version 1")
        .contains("no lineage recorded");
  }

  private void version(String name, ModelLineage lineage) throws Exception {
    Path dir = Files.createDirectories(models.resolve(name));
    Files.createFile(dir.resolve("saved_model.pb"));
    ModelMetadataFile.write(
        dir,
        new ModelMetadata(
                "fm",
                Integer.parseInt(name),
                "mnasnet-b1",
                0.5,
                List.of("a", "b"),
                TrainingData.fashionMnistPreprocessing(),
                ModelMetadata.Signatures.DEFAULT)
            .withLineage(lineage));
  }
}
