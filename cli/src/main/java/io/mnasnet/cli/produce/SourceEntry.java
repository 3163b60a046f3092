package io.mnasnet.cli.produce;

/** What an {@link ImageSource} yields next: an image to send, or an input it had to skip. */
public sealed interface SourceEntry permits SourceImage, SkippedInput {
  /** The input's name for people: a file path, or an id. */
  String name();
}
