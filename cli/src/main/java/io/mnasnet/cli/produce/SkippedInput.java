package io.mnasnet.cli.produce;

/**
 * An input a source could not turn into an image.
 *
 * @param name the file path as the user knows it
 * @param reason why, e.g. {@code not a PNG or JPEG file}
 */
public record SkippedInput(String name, String reason) implements SourceEntry {}
