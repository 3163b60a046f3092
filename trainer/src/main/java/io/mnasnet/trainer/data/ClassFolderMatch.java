package io.mnasnet.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which of a model's labels each class folder of an image-folder tree holds. A label is not always
 * a possible folder name (Fashion-MNIST's own {@code T-shirt/top} has a {@code /}), so a folder
 * matches a label by, in this order:
 *
 * <ol>
 *   <li>its name: the folder is named exactly as the label;
 *   <li>the label's {@linkplain #safeName filesystem-safe form}: each character that no folder name
 *       may hold on Linux, macOS or Windows ({@code / \ : * ? " < > |} and control characters)
 *       replaced by {@code _}, so {@code T-shirt/top} is the folder {@code T-shirt_top};
 *   <li>its index: the folder is named by the label's position in the model's label list ({@code
 *       0}, {@code 1}, ...; leading zeros allowed, as in {@code 00}..{@code 09}).
 * </ol>
 *
 * Two folders may not match the same label; a label may have no folder (it just has no images).
 *
 * @param labels the model's labels, index = class
 * @param labelOfFolder for each folder, in the order given, the index of its label
 * @param ruleOfFolder for each folder, which rule matched it
 */
public record ClassFolderMatch(List<String> labels, int[] labelOfFolder, List<Rule> ruleOfFolder) {

  /** The rules of the class Javadoc, for the commands' {@code --help}. */
  public static final String HELP =
      "A class folder matches a model label by its name, by the label's filesystem-safe form"
          + " (each of / \\ : * ? \" < > | replaced by _, so T-shirt/top is the folder"
          + " T-shirt_top), or by the label's index (0, 1, ...; leading zeros allowed).";

  private static final String UNSAFE_CHARACTERS = "/\\:*?\"<>|";

  /** How a folder was matched to its label. */
  public enum Rule {
    NAME("name"),
    SAFE_NAME("filesystem-safe name"),
    INDEX("index");

    private final String description;

    Rule(String description) {
      this.description = description;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  public ClassFolderMatch {
    labels = List.copyOf(labels);
    labelOfFolder = labelOfFolder.clone();
    ruleOfFolder = List.copyOf(ruleOfFolder);
  }

  @Override
  public int[] labelOfFolder() {
    return labelOfFolder.clone();
  }

  /**
   * Matches every folder of {@code folders} to one of {@code labels}.
   *
   * @return empty if some folder matches no label
   * @throws IllegalArgumentException if two folders match the same label
   */
  public static Optional<ClassFolderMatch> match(List<String> folders, List<String> labels) {
    int[] labelOfFolder = new int[folders.size()];
    List<Rule> rules = new ArrayList<>();
    String[] folderOfLabel = new String[labels.size()];
    for (int f = 0; f < folders.size(); f++) {
      String folder = folders.get(f);
      Optional<Matched> matched = matchOne(folder, labels);
      if (matched.isEmpty()) {
        return Optional.empty();
      }
      int label = matched.get().label();
      if (folderOfLabel[label] != null) {
        throw new IllegalArgumentException(
            "the class folders '"
                + folderOfLabel[label]
                + "' and '"
                + folder
                + "' both match the label '"
                + labels.get(label)
                + "'; keep one of them");
      }
      folderOfLabel[label] = folder;
      labelOfFolder[f] = label;
      rules.add(matched.get().rule());
    }
    return Optional.of(new ClassFolderMatch(labels, labelOfFolder, rules));
  }

  /**
   * Like {@link #match}, for a caller that needs every folder to be one of the labels.
   *
   * @throws IllegalArgumentException naming the first folder that matches no label, and the rules
   */
  public static ClassFolderMatch matchAll(List<String> folders, List<String> labels) {
    return match(folders, labels)
        .orElseThrow(
            () -> {
              String unmatched =
                  folders.stream()
                      .filter(folder -> matchOne(folder, labels).isEmpty())
                      .findFirst()
                      .orElseThrow();
              return new IllegalArgumentException(
                  "class folder '"
                      + unmatched
                      + "' is not one of the model's labels "
                      + labels
                      + ". "
                      + HELP);
            });
  }

  /** {@code label} with every character a folder name may not hold replaced by {@code _}. */
  public static String safeName(String label) {
    StringBuilder safe = new StringBuilder(label.length());
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      safe.append(UNSAFE_CHARACTERS.indexOf(c) >= 0 || Character.isISOControl(c) ? '_' : c);
    }
    return safe.toString();
  }

  /** One line per folder whose name is not its label, e.g. {@code T-shirt_top -> T-shirt/top}. */
  public String describe(List<String> folders) {
    List<String> lines = new ArrayList<>();
    for (int f = 0; f < folders.size(); f++) {
      if (ruleOfFolder.get(f) != Rule.NAME) {
        lines.add(
            folders.get(f)
                + " -> "
                + labels.get(labelOfFolder[f])
                + " (by "
                + ruleOfFolder.get(f)
                + ")");
      }
    }
    return String.join(", ", lines);
  }

  private record Matched(int label, Rule rule) {}

  private static Optional<Matched> matchOne(String folder, List<String> labels) {
    int byName = labels.indexOf(folder);
    if (byName >= 0) {
      return Optional.of(new Matched(byName, Rule.NAME));
    }
    for (int label = 0; label < labels.size(); label++) {
      if (safeName(labels.get(label)).equals(folder)) {
        return Optional.of(new Matched(label, Rule.SAFE_NAME));
      }
    }
    if (!folder.isEmpty()
        && folder.length() <= 9
        && folder.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int index = Integer.parseInt(folder);
      if (index < labels.size()) {
        return Optional.of(new Matched(index, Rule.INDEX));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClassFolderMatch that
        && labels.equals(that.labels)
        && Arrays.equals(labelOfFolder, that.labelOfFolder)
        && ruleOfFolder.equals(that.ruleOfFolder);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * labels.hashCode() + Arrays.hashCode(labelOfFolder)) + ruleOfFolder.hashCode();
  }

  @Override
  public String toString() {
    return "ClassFolderMatch[labels="
        + labels
        + ", labelOfFolder="
        + Arrays.toString(labelOfFolder)
        + ", rules="
        + ruleOfFolder
        + "]";
  }
}
