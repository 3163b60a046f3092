package io.mnasnet.streams.validation;

import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.trainer.data.DecodedImage;

/**
 * An input record that passed every check.
 *
 * @param event the parsed event (id, content type, encoded bytes, timestamp, attributes)
 * @param header the image header (type and size)
 * @param pixels the decoded pixels (decoding is the last check: it catches truncated data)
 */
public record ValidatedImage(ImageEvent event, ImageHeader header, DecodedImage pixels) {}
