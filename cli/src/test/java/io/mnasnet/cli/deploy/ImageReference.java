package io.mnasnet.cli.deploy;

/** A container image reference split into repository and tag ({@code mnasnet:0.1.0}). */
record ImageReference(String repository, String tag) {

  static ImageReference parse(String reference) {
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    if (colon <= slash) {
      return new ImageReference(reference, "latest");
    }
    return new ImageReference(reference.substring(0, colon), reference.substring(colon + 1));
  }

  /** The repository without a registry or docker:// prefix: {@code mnasnet}. */
  String name() {
    return repository.substring(repository.lastIndexOf('/') + 1);
  }
}
