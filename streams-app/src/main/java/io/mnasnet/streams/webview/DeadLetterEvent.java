package io.mnasnet.streams.webview;

import io.mnasnet.streams.validation.RejectionReason;

/**
 * A record sent to the dead-letter topic, as the web view lists it.
 *
 * @param id the record key (the image id) as text, or {@code null} when it had none
 * @param reason why it was rejected
 * @param message the reason in words (the {@code __streams.errors.message} header)
 * @param topic input topic
 * @param partition input partition
 * @param offset input offset
 * @param atMs when it was dead-lettered, epoch millis
 */
public record DeadLetterEvent(
    String id,
    RejectionReason reason,
    String message,
    String topic,
    int partition,
    long offset,
    long atMs) {}
