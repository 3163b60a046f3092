package io.mnasnet.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.image.UnreadableImageException;
import io.mnasnet.schemas.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageFileCheckTest {

  @Test
  void tellsPngAndJpegByTheirBytes() throws Exception {
    assertThat(ImageFileCheck.contentTypeOf(TestImages.png(5, 4))).isEqualTo(ContentType.PNG);
    assertThat(ImageFileCheck.contentTypeOf(TestImages.jpeg(5, 4))).isEqualTo(ContentType.JPEG);
  }

  @Test
  void rejectsTextEmptyAndTruncatedFiles() {
    assertThatThrownBy(
            () -> ImageFileCheck.contentTypeOf("hello, world".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("not a PNG or JPEG");
    assertThatThrownBy(() -> ImageFileCheck.contentTypeOf(new byte[0]))
        .hasMessageContaining("empty");
    // the PNG signature and nothing else: no IHDR chunk to read the size from
    byte[] signatureOnly = Arrays.copyOf(TestImages.png(5, 4), 8);
    assertThatThrownBy(() -> ImageFileCheck.contentTypeOf(signatureOnly))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("corrupt or unreadable");
    byte[] jpegStart = Arrays.copyOf(TestImages.jpeg(5, 4), 4);
    assertThatThrownBy(() -> ImageFileCheck.contentTypeOf(jpegStart))
        .hasMessageContaining("corrupt or unreadable");
  }
}
