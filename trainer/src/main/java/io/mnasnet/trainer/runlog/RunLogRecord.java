package io.mnasnet.trainer.runlog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One line of {@code RUN_DIR/log.jsonl}. The {@code "type"} property says which kind ({@code
 * "step"}, {@code "epoch"} or {@code "snapshot"}); property names are snake_case so that Python/jq
 * users read them naturally.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = StepRecord.class, name = "step"),
  @JsonSubTypes.Type(value = EpochRecord.class, name = "epoch"),
  @JsonSubTypes.Type(value = SnapshotRecord.class, name = "snapshot")
})
public sealed interface RunLogRecord permits StepRecord, EpochRecord, SnapshotRecord {}
