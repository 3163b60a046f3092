package io.mnasnet.streams.validation;

import io.mnasnet.inference.image.ImageHeader;
import io.mnasnet.schemas.ImageEvent;

/**
 * An input record that passed every check.
 *
 * @param event the parsed event (id, content type, encoded bytes, timestamp, attributes)
 * @param header the image header (type and size)
 * @param data the encoded bytes: the validator's own copy of {@code event.data()}, to be handed on
 *     as it is (each {@code event.data()} call copies, and a camera photo is hundreds of KB)
 */
public record ValidatedImage(ImageEvent event, ImageHeader header, byte[] data) {}
