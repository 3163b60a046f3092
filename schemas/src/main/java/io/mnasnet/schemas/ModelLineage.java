package io.mnasnet.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model version came from: the training run, the model it was fine-tuned from, and, when it
 * learnt from Kafka, the exact records: for every partition the offsets {@code [start, end)} of the
 * bounded snapshot the run read, and the rule that held some of them out for validation. With it a
 * prediction (which names its model and version) leads back to the records that trained that
 * version. Optional field {@code lineage} of {@code mnasnet.json}; schema {@code
 * schemas/model-metadata.schema.json#/$defs/ModelLineage}.
 *
 * @param run the training run directory that produced the version, as the trainer was given it
 * @param trainOnly which layers the run trained: {@code all} or {@code classifier} (a linear probe)
 * @param parent the model version the run started from, or null (random or other weights)
 * @param snapshot the Kafka records the run trained and validated on, or null (files)
 */
public record ModelLineage(
    String run,
    String trainOnly,
    @JsonInclude(JsonInclude.Include.NON_NULL) Parent parent,
    @JsonInclude(JsonInclude.Include.NON_NULL) StreamSnapshot snapshot) {

  /** {@link #trainOnly} of a run that trained every layer. */
  public static final String TRAIN_ALL = "all";

  /** {@link #trainOnly} of a run that trained the classifier only. */
  public static final String TRAIN_CLASSIFIER = "classifier";

  public ModelLineage {
    Checks.nonEmpty(run, "run");
    Checks.nonEmpty(trainOnly, "trainOnly");
  }

  /**
   * A model version a run was initialised from.
   *
   * @param name its model name
   * @param version its version (the numbered directory it was served from)
   * @param directory its version directory, as the trainer was given it
   */
  public record Parent(String name, int version, String directory) {}

  /**
   * A bounded snapshot of Kafka topics: per partition, the records from the {@code --from} position
   * to the end offset read when the run started, read with {@code isolation.level=read_committed}
   * (so {@code end} is the last stable offset, and aborted records are not in it).
   *
   * @param clusterId the id of the Kafka cluster read
   * @param bootstrapServers the brokers the run connected to (for people: the cluster id is what
   *     identifies the cluster)
   * @param from the start position as given: {@code earliest}, a timestamp, explicit offsets or
   *     {@code committed} (the group's committed offsets)
   * @param group the consumer group whose committed offsets the run started from and advanced, or
   *     null (no group: partitions are assigned)
   * @param takenAtMs when the end offsets were read, epoch millis
   * @param partitions every partition read, with its offset range
   * @param split how records were divided into training and validation
   * @param records how many records were read, used and skipped
   */
  public record StreamSnapshot(
      String clusterId,
      String bootstrapServers,
      String from,
      @JsonInclude(JsonInclude.Include.NON_NULL) String group,
      long takenAtMs,
      List<PartitionRange> partitions,
      Split split,
      Records records) {
    public StreamSnapshot {
      partitions = List.copyOf(partitions);
    }
  }

  /**
   * The records of one partition in a snapshot: offsets {@code start} (inclusive) to {@code end}
   * (exclusive).
   *
   * @param topic the topic
   * @param partition the partition number
   * @param start the first offset read
   * @param end the end offset read when the snapshot was taken (the next offset to be written then)
   */
  public record PartitionRange(String topic, int partition, long start, long end) {}

  /**
   * How the records of a snapshot were split into training and validation.
   *
   * @param method {@code key-hash}: a record is held out for validation when the first 8 bytes of
   *     the SHA-256 of its id (the record key, UTF-8), read as an unsigned big-endian number and
   *     divided by 2^64, are below {@code fraction}; so an image stays in its split on every read
   *     and every retrain. {@code topics}: the records of {@code validationTopics} are held out,
   *     all others train.
   * @param fraction the held-out share of {@code key-hash}; 0 for {@code topics}
   * @param validationTopics the held-out topics of {@code topics}; empty for {@code key-hash}
   */
  public record Split(String method, double fraction, List<String> validationTopics) {
    /** {@link #method} of the key-hash split. */
    public static final String KEY_HASH = "key-hash";

    /** {@link #method} of a separate validation topic. */
    public static final String TOPICS = "topics";

    public Split {
      validationTopics = List.copyOf(validationTopics);
    }
  }

  /**
   * What became of the records of a snapshot.
   *
   * @param read records read (every offset of every range, control records excepted)
   * @param train records used for training
   * @param validation records held out for validation (and the promotion gate)
   * @param skipped records not used, by reason (e.g. {@code no label}, {@code undecodable image})
   * @param perClass training records per class name
   */
  public record Records(
      long read,
      long train,
      long validation,
      Map<String, Long> skipped,
      Map<String, Long> perClass) {
    public Records {
      // insertion order kept: reasons as counted, classes in label order
      skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
      perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    }
  }
}
