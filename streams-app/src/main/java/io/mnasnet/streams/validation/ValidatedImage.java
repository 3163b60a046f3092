package io.mnasnet.streams.validation;

import io.mnasnet.schemas.ImageEvent;

/**
 * An input record that passed every check.
 *
 * @param event the parsed event (id, content type, encoded bytes, timestamp, attributes)
 * @param header the image header (type and size)
 */
public record ValidatedImage(ImageEvent event, ImageHeader header) {}
