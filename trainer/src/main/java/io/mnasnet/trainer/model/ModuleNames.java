package io.mnasnet.trainer.model;

/**
 * Hands out the names PyTorch gives the children of an {@code nn.Sequential}: {@code prefix.0},
 * {@code prefix.1}, ... in order of creation.
 */
final class ModuleNames {
  private final String prefix;
  private int next;

  ModuleNames(String prefix) {
    this.prefix = prefix;
  }

  String next() {
    return prefix + "." + next++;
  }
}
