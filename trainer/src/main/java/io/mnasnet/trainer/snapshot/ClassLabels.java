package io.mnasnet.trainer.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The classes of a snapshot and how a record's label ({@code attr.label} / {@code
 * attributes.label}) names one: by name, or by index into the list. Either the list is given
 * ({@code --labels}, or the classes of the model {@code --init-from} names), and a label that is
 * neither one of its names nor an index in range matches no class; or it is derived from the labels
 * the snapshot holds: their distinct values, whole numbers first in numeric order, then the names
 * in alphabetical order.
 */
public final class ClassLabels {
  private final List<String> names; // null: derived from the data

  private ClassLabels(List<String> names) {
    this.names = names;
  }

  /** A given list of class names, index = class. */
  public static ClassLabels of(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("the class list is empty");
    }
    if (new TreeSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("the class list names a class twice: " + names);
    }
    for (String name : names) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("a class name is blank in " + names);
      }
    }
    return new ClassLabels(List.copyOf(names));
  }

  /** Classes derived from the labels the snapshot holds. */
  public static ClassLabels fromData() {
    return new ClassLabels(null);
  }

  /** Whether the list is given (not derived). */
  public boolean given() {
    return names != null;
  }

  /** The given list; empty when derived from the data. */
  public List<String> names() {
    return names == null ? List.of() : names;
  }

  /**
   * Whether {@code label} can name a class: any non-blank label when the list is derived, else a
   * name of the list or an index in range.
   */
  public boolean matches(String label) {
    return names == null ? !label.isBlank() : classOf(names, label).isPresent();
  }

  /**
   * The class list for the labels a snapshot held: the given one, or the derived one.
   *
   * @param seen the distinct labels of the records kept
   */
  public List<String> resolve(Collection<String> seen) {
    if (names != null) {
      return names;
    }
    List<String> derived = new ArrayList<>(new TreeSet<>(seen));
    derived.sort(
        Comparator.comparing((String label) -> !isIndex(label))
            .thenComparing(
                (a, b) -> isIndex(a) && isIndex(b) ? Long.compare(index(a), index(b)) : 0)
            .thenComparing(Comparator.naturalOrder()));
    return List.copyOf(derived);
  }

  /** The class {@code label} names in {@code classes}: a name first, else an index in range. */
  public static OptionalInt classOf(List<String> classes, String label) {
    int byName = classes.indexOf(label);
    if (byName >= 0) {
      return OptionalInt.of(byName);
    }
    String trimmed = label.strip();
    if (isIndex(trimmed)) {
      long index = index(trimmed);
      if (index < classes.size()) {
        return OptionalInt.of((int) index);
      }
    }
    return OptionalInt.empty();
  }

  private static boolean isIndex(String label) {
    if (label.isEmpty() || label.length() > 9) {
      return false;
    }
    for (int i = 0; i < label.length(); i++) {
      if (label.charAt(i) < '0' || label.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static long index(String label) {
    return Long.parseLong(label);
  }

  @Override
  public String toString() {
    return names == null ? "classes from the data" : names.toString();
  }
}
