package io.mnasnet.streams.ops;

/**
 * Liveness and readiness of an instance.
 *
 * @param live the process works: Kafka Streams has not failed or stopped (an orchestrator restarts
 *     an instance that is not live)
 * @param ready it classifies: Kafka Streams is RUNNING and a model is loaded (traffic and rollouts
 *     wait for ready)
 * @param detail human-readable state, e.g. {@code streams=RUNNING model=mnasnet v2}
 */
public record Health(boolean live, boolean ready, String detail) {}
