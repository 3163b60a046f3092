package io.mnasnet.streams.deploy;

/** A container image reference split into repository and tag ({@code mnasnet-app:0.1.0}). */
public record ImageReference(String repository, String tag) {

  public static ImageReference parse(String reference) {
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    if (colon <= slash) {
      return new ImageReference(reference, "latest");
    }
    return new ImageReference(reference.substring(0, colon), reference.substring(colon + 1));
  }

  /** The repository without a registry or docker:// prefix: {@code mnasnet-app}. */
  public String name() {
    return repository.substring(repository.lastIndexOf('/') + 1);
  }
}
