package io.mnasnet.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.trainer.data.ClassFolderMatch.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassFolderMatchTest {

  @Test
  void fashionMnistsSlashLabelIsMatchedByItsFilesystemSafeForm() {
    // FashionMnist.CLASS_NAMES[0] is "T-shirt/top": no folder can be named so
    List<String> folders = List.of("Ankle boot", "T-shirt_top", "Trouser");

    ClassFolderMatch match = ClassFolderMatch.matchAll(folders, FashionMnist.CLASS_NAMES);

    assertThat(match.labelOfFolder()).containsExactly(9, 0, 1);
    assertThat(match.ruleOfFolder()).containsExactly(Rule.NAME, Rule.SAFE_NAME, Rule.NAME);
    assertThat(match.labels()).isEqualTo(FashionMnist.CLASS_NAMES);
    assertThat(match.describe(folders))
        .isEqualTo("T-shirt_top -> T-shirt/top (by filesystem-safe name)");
  }

  @Test
  void aFolderMayBeNamedByTheLabelsIndexWithLeadingZeros() {
    ClassFolderMatch match =
        ClassFolderMatch.matchAll(List.of("0", "03", "9"), FashionMnist.CLASS_NAMES);

    assertThat(match.labelOfFolder()).containsExactly(0, 3, 9);
    assertThat(match.ruleOfFolder()).containsOnly(Rule.INDEX);
  }

  @Test
  void aNameBeatsAnIndexWhenALabelIsItselfANumber() {
    // labels "1" and "0" in that order: the folder "0" is the label "0" (index 1), not index 0
    ClassFolderMatch match = ClassFolderMatch.matchAll(List.of("0", "1"), List.of("1", "0"));
    assertThat(match.labelOfFolder()).containsExactly(1, 0);
  }

  @Test
  void safeNameReplacesEveryCharacterAFolderNameMayNotHold() {
    assertThat(ClassFolderMatch.safeName("a/b\\c:d*e?f\"g<h>i|j\tk"))
        .isEqualTo("a_b_c_d_e_f_g_h_i_j_k");
    assertThat(ClassFolderMatch.safeName("Ankle boot")).isEqualTo("Ankle boot");
  }

  @Test
  void aFolderThatIsNoLabelIsNamedWithTheRules() {
    assertThat(ClassFolderMatch.match(List.of("Trouser", "Shirts"), FashionMnist.CLASS_NAMES))
        .isEmpty();
    assertThat(ClassFolderMatch.match(List.of("10"), FashionMnist.CLASS_NAMES)).isEmpty();
    assertThatThrownBy(
            () -> ClassFolderMatch.matchAll(List.of("Trouser", "Shirts"), FashionMnist.CLASS_NAMES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("class folder 'Shirts' is not one of the model's labels")
        .hasMessageContaining("filesystem-safe form")
        .hasMessageContaining("T-shirt_top");
  }

  @Test
  void twoFoldersForOneLabelAreRefused() {
    assertThatThrownBy(
            () -> ClassFolderMatch.matchAll(List.of("0", "T-shirt_top"), FashionMnist.CLASS_NAMES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'0' and 'T-shirt_top' both match the label 'T-shirt/top'");
  }
}
