package io.mnasnet.inference.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.schemas.ContentType;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class ImageHeaderReaderTest {

  @Test
  void readsAPngHeader() throws Exception {
    byte[] png = ImageEncoding.encodeGreyPng(new byte[40 * 30], 40, 30);

    assertThat(ImageHeaderReader.read(png)).isEqualTo(new ImageHeader(ContentType.PNG, 40, 30, 1));
  }

  @Test
  void readsABaselineJpegAsOneScan() throws Exception {
    byte[] jpeg = ImageEncoding.encodeJpeg(DecodedImage.grey(40, 30, new byte[40 * 30]), 0.9f);

    assertThat(ImageHeaderReader.read(jpeg))
        .isEqualTo(new ImageHeader(ContentType.JPEG, 40, 30, 1));
  }

  @Test
  void countsTheScansOfProgressiveJpegsAsLibjpegWritesThem() throws Exception {
    // libjpeg's progressive script: 10 scans for YCbCr, 6 for greyscale
    assertThat(ImageHeaderReader.read(progressive(BufferedImage.TYPE_3BYTE_BGR)).scans())
        .isEqualTo(10);
    assertThat(ImageHeaderReader.read(progressive(BufferedImage.TYPE_BYTE_GRAY)).scans())
        .isEqualTo(6);
  }

  @Test
  void countsTheScansOfAHostileJpegWithoutDecodingIt() throws Exception {
    byte[] jpeg = HostileImages.progressiveJpeg(4096, 4096, 1000);

    ImageHeader header = ImageHeaderReader.read(jpeg);

    assertThat(header.width()).isEqualTo(4096);
    // counting stops past the limit: the DC scan and the first 100 AC scans
    assertThat(header.scans()).isEqualTo(ImageSizeLimit.MAX_JPEG_SCANS + 1);
  }

  @Test
  void readsAHugeClaimWithoutAllocatingIt() throws Exception {
    assertThat(ImageHeaderReader.read(HostileImages.pngClaiming(100_000, 100_000)).pixels())
        .isEqualTo(10_000_000_000L);
  }

  @Test
  void refusesOtherFormatsAndGarbageSayingWhich() throws Exception {
    ByteArrayOutputStream gif = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED), "gif", gif);

    assertThatThrownBy(() -> ImageHeaderReader.read(gif.toByteArray()))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("not a PNG or JPEG")
        .hasMessageContaining("gif");
    assertThatThrownBy(() -> ImageHeaderReader.read("hello".getBytes()))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("unrecognized format");
    byte[] png = ImageEncoding.encodeGreyPng(new byte[16], 4, 4);
    assertThatThrownBy(() -> ImageHeaderReader.read(Arrays.copyOf(png, 20)))
        .isInstanceOf(UnreadableImageException.class)
        .hasMessageContaining("corrupt or unreadable");
  }

  private static byte[] progressive(int type) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      writer.write(null, new IIOImage(new BufferedImage(48, 32, type), null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
