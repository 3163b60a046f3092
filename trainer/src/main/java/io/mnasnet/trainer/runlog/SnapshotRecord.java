package io.mnasnet.trainer.runlog;

import java.util.List;
import java.util.Map;

/**
 * The bounded Kafka snapshot a run read before training ({@code train --from-kafka}): which records
 * it holds, what became of them, and how fast they were read and cached. One per run, the first
 * line of its log.
 *
 * @param clusterId the Kafka cluster's id
 * @param partitions every partition read, as {@code topic-partition:[start, end)}
 * @param recordsRead records read
 * @param train records used for training
 * @param validation records held out for validation
 * @param skipped records not used, by reason
 * @param bytesRead bytes of keys and values read
 * @param seconds wall time of the read, decoding and caching included
 * @param imagesPerSecond records read and cached per second
 * @param megabytesPerSecond megabytes (10^6 bytes) read per second
 * @param cpuMillisPerRecord CPU time of the process per record read (all threads)
 * @param cacheBytes bytes the cache holds
 */
public record SnapshotRecord(
    String clusterId,
    List<String> partitions,
    long recordsRead,
    long train,
    long validation,
    Map<String, Long> skipped,
    long bytesRead,
    double seconds,
    double imagesPerSecond,
    double megabytesPerSecond,
    double cpuMillisPerRecord,
    long cacheBytes)
    implements RunLogRecord {}
