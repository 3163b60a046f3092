package io.mnasnet.trainer.snapshot;

import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import java.nio.file.Path;

/**
 * What the train command asks of a {@link StreamSnapshotSource}.
 *
 * @param cacheDirectory where to write the cache (does not exist yet)
 * @param preprocessing what the images are prepared for: the size and geometry of the model
 * @param classes the class list, or how to derive it
 * @param validationFraction the key-hash share to hold out, unless the source holds out topics of
 *     its own
 */
public record SnapshotRequest(
    Path cacheDirectory,
    Preprocessing preprocessing,
    ClassLabels classes,
    double validationFraction) {}
