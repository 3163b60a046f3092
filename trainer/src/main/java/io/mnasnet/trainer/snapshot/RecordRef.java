package io.mnasnet.trainer.snapshot;

/**
 * Where a record of a snapshot sits, and its id (the record key, or the envelope's id).
 *
 * @param topic its topic
 * @param partition its partition
 * @param offset its offset
 * @param id its id, or null when it has none
 */
public record RecordRef(String topic, int partition, long offset, String id) {}
