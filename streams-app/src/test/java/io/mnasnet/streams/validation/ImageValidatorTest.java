package io.mnasnet.streams.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnasnet.inference.image.HostileImages;
import io.mnasnet.inference.image.ImageHeader;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEventCodec;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.streams.TestImages;
import io.mnasnet.streams.TestImages.LabelledPng;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ImageValidatorTest {
  private static final ImageLimits LIMITS = new ImageLimits(64 * 1024, 4096L * 4096);
  private final ImageValidator validator = new ImageValidator(LIMITS);
  private final LabelledPng png = TestImages.fashionMnist(1, "img").get(0);

  @Test
  void acceptsRawAndJsonPngs() {
    for (ImageEventFormat format : ImageEventFormat.values()) {
      Headers headers = new RecordHeaders();
      byte[] value = new ImageEventCodec().encode(png.event(1000L), format, headers);

      ValidatedImage valid = validator.validate(png.id(), 1000L, headers, value);

      assertThat(valid.event().id()).isEqualTo(png.id());
      assertThat(valid.event().label()).contains(Integer.toString(png.label()));
      assertThat(valid.header()).isEqualTo(new ImageHeader(ContentType.PNG, 28, 28));
      assertThat(valid.event().data()).isEqualTo(png.png());
    }
  }

  @Test
  void refusesAMissingKey() {
    assertRejected(null, rawPngHeaders(), png.png(), RejectionReason.MISSING_KEY, "key is null");
  }

  @Test
  void refusesAnEmptyOrNullValue() {
    assertRejected("k", rawPngHeaders(), new byte[0], RejectionReason.EMPTY_VALUE, "empty");
    assertRejected("k", rawPngHeaders(), null, RejectionReason.EMPTY_VALUE, "null");
  }

  @Test
  void refusesAValueAboveTheSizeLimitBeforeParsingIt() {
    byte[] big = new byte[LIMITS.maxValueBytes() + 1];
    assertRejected(
        "k", rawPngHeaders(), big, RejectionReason.VALUE_TOO_LARGE, "max.value.bytes=65536");
    assertRejected(
        "k", rawPngHeaders(), big, RejectionReason.VALUE_TOO_LARGE, "produce --max-side");
  }

  @Test
  void refusesAnUnknownContentType() {
    Headers headers = new RecordHeaders();
    headers.add(ImageEventHeaders.CONTENT_TYPE, "image/gif".getBytes(StandardCharsets.UTF_8));
    assertRejected("k", headers, png.png(), RejectionReason.UNSUPPORTED_CONTENT_TYPE, "image/gif");
  }

  @Test
  void refusesInvalidJsonNamingTheProblem() {
    byte[] json = "{\"id\": \"x\", \"contentType\": ".getBytes(StandardCharsets.UTF_8);
    assertRejected("k", new RecordHeaders(), json, RejectionReason.INVALID_EVENT, "JSON");
  }

  @Test
  void refusesBytesThatAreNotAnImage() {
    byte[] text = "hello, not an image".getBytes(StandardCharsets.UTF_8);
    assertRejected("k", rawPngHeaders(), text, RejectionReason.NOT_AN_IMAGE, "not a PNG or JPEG");
  }

  @Test
  void refusesAHugeHeaderWithoutDecodingIt() {
    byte[] huge = TestImages.pngClaiming(100_000, 100_000);
    assertRejected("k", rawPngHeaders(), huge, RejectionReason.TOO_MANY_PIXELS, "100000x100000");
  }

  @Test
  void refusesAJpegOfMoreScansThanEncodersWriteWithoutDecodingIt() {
    byte[] jpeg = HostileImages.progressiveJpeg(2048, 2048, 1000); // 25 KB
    RecordHeaders headers = new RecordHeaders();
    headers.add(ImageEventHeaders.CONTENT_TYPE, ContentType.JPEG.getBytes(StandardCharsets.UTF_8));

    assertRejected("k", headers, jpeg, RejectionReason.TOO_MANY_SCANS, "more than 100 scans");
  }

  @Test
  void refusesImagesAboveTheConfiguredLimitNamingTheSetting() {
    ImageValidator strict = new ImageValidator(new ImageLimits(64 * 1024, 27 * 27));

    assertThatThrownBy(() -> strict.validate("k", 1000L, rawPngHeaders(), png.png()))
        .isInstanceOfSatisfying(
            RejectedImageException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.TOO_MANY_PIXELS))
        .hasMessageContaining("28x28 = 784 pixels, above the limit of 729")
        .hasMessageContaining("max.image.pixels");
  }

  @Test
  void refusesATruncatedPng() {
    assertRejected(
        "k",
        rawPngHeaders(),
        TestImages.truncatedPng(),
        RejectionReason.CORRUPT_IMAGE,
        "cannot be decoded");
  }

  @Test
  void acceptsAJpegAndRefusesItCutShort() throws Exception {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR);
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", jpeg);
    byte[] whole = jpeg.toByteArray();
    RecordHeaders headers = new RecordHeaders();
    headers.add(ImageEventHeaders.CONTENT_TYPE, ContentType.JPEG.getBytes(StandardCharsets.UTF_8));

    assertThat(validator.validate("j", 1000L, headers, whole).header())
        .isEqualTo(new ImageHeader(ContentType.JPEG, 40, 30));
    assertRejected(
        "j",
        headers,
        Arrays.copyOf(whole, whole.length - 2),
        RejectionReason.CORRUPT_IMAGE,
        "truncated");
  }

  @Test
  void refusesAPngDeclaredAsJpeg() {
    Headers headers = new RecordHeaders();
    headers.add(ImageEventHeaders.CONTENT_TYPE, ContentType.JPEG.getBytes(StandardCharsets.UTF_8));
    assertRejected("k", headers, png.png(), RejectionReason.CONTENT_TYPE_MISMATCH, "image/png");
  }

  private static Headers rawPngHeaders() {
    Headers headers = new RecordHeaders();
    headers.add(ImageEventHeaders.CONTENT_TYPE, ContentType.PNG.getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private void assertRejected(
      String key, Headers headers, byte[] value, RejectionReason reason, String messagePart) {
    assertThatThrownBy(() -> validator.validate(key, 1000L, headers, value))
        .isInstanceOfSatisfying(
            RejectedImageException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(messagePart);
  }
}
