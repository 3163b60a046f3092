package io.mnasnet.trainer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ClassLabelsTest {
  private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover");

  @Test
  void aLabelIsANameOrAnIndexInRange() {
    assertThat(ClassLabels.classOf(CLASSES, "Trouser")).isEqualTo(OptionalInt.of(1));
    assertThat(ClassLabels.classOf(CLASSES, "2")).isEqualTo(OptionalInt.of(2));
    assertThat(ClassLabels.classOf(CLASSES, " 0 ")).isEqualTo(OptionalInt.of(0));
    assertThat(ClassLabels.classOf(CLASSES, "3")).isEmpty();
    assertThat(ClassLabels.classOf(CLASSES, "-1")).isEmpty();
    assertThat(ClassLabels.classOf(CLASSES, "trouser")).as("names are exact").isEmpty();
    assertThat(ClassLabels.classOf(CLASSES, "Giraffe")).isEmpty();
  }

  @Test
  void aNameWinsOverAnIndexWhenClassesAreNumbers() {
    List<String> numbered = List.of("10", "20", "1");
    assertThat(ClassLabels.classOf(numbered, "1")).isEqualTo(OptionalInt.of(2));
    assertThat(ClassLabels.classOf(numbered, "0")).isEqualTo(OptionalInt.of(0));
  }

  @Test
  void aGivenListMatchesOnlyItsClasses() {
    ClassLabels given = ClassLabels.of(CLASSES);
    assertThat(given.matches("Pullover")).isTrue();
    assertThat(given.matches("9")).isFalse();
    assertThat(given.resolve(List.of("Pullover"))).isEqualTo(CLASSES);
  }

  @Test
  void derivedClassesAreTheLabelsSeenNumbersFirstInNumericOrder() {
    ClassLabels derived = ClassLabels.fromData();
    assertThat(derived.matches("anything")).isTrue();
    assertThat(derived.resolve(List.of("cat", "10", "dog", "9", "2")))
        .containsExactly("2", "9", "10", "cat", "dog");
  }

  @Test
  void refusesListsThatCannotServe() {
    assertThatThrownBy(() -> ClassLabels.of(List.of())).hasMessageContaining("empty");
    assertThatThrownBy(() -> ClassLabels.of(List.of("a", "a"))).hasMessageContaining("twice");
  }
}
