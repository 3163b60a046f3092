package io.mnasnet.bench;

import java.util.List;

/**
 * What one training worker measured (printed as JSON, read back by the train suite).
 *
 * @param config the configuration
 * @param imagesPerSecond one value per timed repetition
 * @param dataWaitFractions per repetition: time the step loop waited for the next batch / time
 * @param cpuMsPerImage per repetition: the worker process's CPU time (user + system, {@code
 *     /proc/self/stat}) per trained image, loader threads included
 * @param graphSeconds time to build the graph and its gradients
 * @param peakRssBytes resident memory at the end
 * @param dataSource what the batches were made of
 */
public record TrainWorkerResult(
    TrainConfig config,
    List<Double> imagesPerSecond,
    List<Double> dataWaitFractions,
    List<Double> cpuMsPerImage,
    double graphSeconds,
    long peakRssBytes,
    String dataSource) {}
