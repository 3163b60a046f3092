package io.mnasnet.streams.webview;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {

  @Test
  void aSmallImageIsShownAsItIsWithoutDecoding() throws IOException {
    byte[] png = encode(image(28, 28, BufferedImage.TYPE_BYTE_GRAY, Color.GRAY), "png");

    Thumbnails.Thumbnail thumbnail = Thumbnails.of(png).orElseThrow();

    assertThat(thumbnail.mediaType()).isEqualTo("image/png");
    assertThat(thumbnail.bytes()).isSameAs(png);
  }

  @Test
  void aLargePhotoIsScaledDownToFitTheEdgeAsJpeg() throws IOException {
    BufferedImage photo = image(1600, 1200, BufferedImage.TYPE_INT_RGB, Color.BLUE);
    Graphics2D g = photo.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 800, 1200); // left half red, right half blue
    g.dispose();
    byte[] jpeg = encode(photo, "jpeg");

    Thumbnails.Thumbnail thumbnail = Thumbnails.of(jpeg).orElseThrow();

    assertThat(thumbnail.mediaType()).isEqualTo("image/jpeg");
    BufferedImage thumb = decode(thumbnail.bytes());
    assertThat(thumb.getWidth()).isEqualTo(Thumbnails.MAX_EDGE);
    assertThat(thumb.getHeight()).isEqualTo(96);
    assertThat(new Color(thumb.getRGB(20, 48)).getRed()).isGreaterThan(200);
    assertThat(new Color(thumb.getRGB(108, 48)).getBlue()).isGreaterThan(200);
    assertThat(thumbnail.bytes().length).isLessThan(jpeg.length);
  }

  @Test
  void transparentPixelsOfAScaledPngBecomeWhite() throws IOException {
    byte[] png = encode(new BufferedImage(400, 400, BufferedImage.TYPE_INT_ARGB), "png");

    BufferedImage thumb = decode(Thumbnails.of(png).orElseThrow().bytes());

    assertThat(new Color(thumb.getRGB(64, 64)).getGreen()).isGreaterThan(245);
  }

  @Test
  void bytesThatAreNotAnImageHaveNoThumbnail() {
    assertThat(Thumbnails.of("<svg onload=alert(1)>".getBytes())).isEmpty();
  }

  private static BufferedImage image(int width, int height, int type, Color fill) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(fill);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  private static BufferedImage decode(byte[] encoded) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(encoded));
  }
}
