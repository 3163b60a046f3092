package io.mnasnet.bench;

import java.util.List;

/**
 * What one loader measurement printed (as JSON), the trainer's or PyTorch's.
 *
 * @param loader what was measured
 * @param workers worker threads or processes
 * @param batch images per batch
 * @param imagesPerSecond per timed repetition, wall clock
 * @param cpuMsPerImage per repetition: CPU time of the measuring process (and, for PyTorch, its
 *     worker processes) per image
 */
record LoaderResult(
    String loader,
    int workers,
    int batch,
    List<Double> imagesPerSecond,
    List<Double> cpuMsPerImage) {}
