package io.mnasnet.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ImageEventCodecTest {
  private final ImageEventCodec codec = new ImageEventCodec();
  private final ImageEvent event = Examples.imageEvent();

  @Test
  void jsonRoundTripKeepsEveryFieldAndTheBytes() {
    Headers headers = new RecordHeaders();
    byte[] value = codec.encode(event, ImageEventFormat.JSON, headers);

    ImageEvent back = codec.decode("ignored", -1, headers, value);

    assertThat(back).isEqualTo(event);
    assertThat(back.data()).isEqualTo(Examples.png());
    assertThat(codec.encodeJson(back)).isEqualTo(value);
    assertThat(header(headers, ImageEventHeaders.CONTENT_TYPE)).isEqualTo(ContentType.JSON);
  }

  @Test
  void rawRoundTripTakesIdAndTimestampFromTheRecord() {
    Headers headers = new RecordHeaders();
    byte[] value = codec.encode(event, ImageEventFormat.RAW, headers);

    assertThat(value).isEqualTo(Examples.png());
    assertThat(header(headers, ImageEventHeaders.CONTENT_TYPE)).isEqualTo("image/png");
    assertThat(header(headers, "attr.label")).isEqualTo("9");
    assertThat(header(headers, ImageEventHeaders.SOURCE)).isEqualTo("fashion-mnist/t10k");

    ImageEvent back = codec.decode(event.id(), event.timestampMs(), headers, value);
    assertThat(back).isEqualTo(event);
    assertThat(codec.encode(back, ImageEventFormat.RAW, new RecordHeaders())).isEqualTo(value);
  }

  @Test
  void encodingReplacesStaleHeadersOfTheOtherFormat() {
    Headers headers = new RecordHeaders();
    codec.encode(event, ImageEventFormat.RAW, headers);
    codec.encode(
        ImageEvent.of("b", ContentType.JPEG, new byte[] {1, 2}, 5), ImageEventFormat.RAW, headers);

    assertThat(headers.headers(ImageEventHeaders.CONTENT_TYPE)).hasSize(1);
    assertThat(header(headers, ImageEventHeaders.CONTENT_TYPE)).isEqualTo("image/jpeg");
    assertThat(headers.lastHeader("attr.label")).isNull();
    assertThat(headers.lastHeader(ImageEventHeaders.SOURCE)).isNull();
  }

  @Test
  void detectsTheFormatFromHeaderOrFirstByte() {
    byte[] json = codec.encodeJson(event);
    assertThat(ImageEventCodec.detect(new RecordHeaders(), json)).isEqualTo(ImageEventFormat.JSON);
    assertThat(
            ImageEventCodec.detect(
                null,
                ("  \n" + new String(json, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(ImageEventFormat.JSON);
    assertThat(ImageEventCodec.detect(new RecordHeaders(), Examples.png()))
        .isEqualTo(ImageEventFormat.RAW);
    assertThat(ImageEventCodec.detect(contentType("image/png"), json))
        .isEqualTo(ImageEventFormat.RAW);
    assertThat(ImageEventCodec.detect(contentType("Application/JSON; charset=utf-8"), json))
        .isEqualTo(ImageEventFormat.JSON);
  }

  @Test
  void jsonWithoutOptionalFieldsDecodes() {
    byte[] json =
        "{\"id\":\"x\",\"contentType\":\"image/jpeg\",\"data\":\"AQID\",\"timestamp\":7}"
            .getBytes(StandardCharsets.UTF_8);
    ImageEvent decoded = codec.decodeJson(json);
    assertThat(decoded.data()).containsExactly(1, 2, 3);
    assertThat(decoded.source()).isNull();
    assertThat(decoded.attributes()).isEmpty();
    assertThat(decoded.label()).isEmpty();
  }

  @Test
  void badBase64NamesTheDataField() {
    assertRejected(json(n -> n.put("data", "@@not-base64@@")), "'data'", "base64");
  }

  @Test
  void truncatedJsonIsRejected() {
    byte[] json = codec.encodeJson(event);
    byte[] truncated = Arrays.copyOf(json, json.length / 2);
    assertRejected(truncated, "truncated or malformed JSON");
  }

  @Test
  void missingFieldsAreNamed() {
    for (String field : new String[] {"id", "contentType", "data", "timestamp"}) {
      assertRejected(json(n -> n.remove(field)), "missing required field '" + field + "'");
    }
  }

  @Test
  void wrongTypesAreNamed() {
    assertRejected(json(n -> n.put("timestamp", "1700000000000")), "'timestamp'", "integer");
    assertRejected(json(n -> n.put("timestamp", 1.5)), "'timestamp'", "integer");
    assertRejected(json(n -> n.put("id", 42)), "'id'", "string");
    assertRejected(json(n -> n.put("attributes", "label=9")), "'attributes'", "object");
    assertRejected(
        json(n -> n.withObjectProperty("attributes").put("label", 9)), "'attributes.label'");
  }

  @Test
  void invalidValuesAreNamed() {
    assertRejected(json(n -> n.put("id", "")), "'id'", "empty");
    assertRejected(json(n -> n.put("contentType", "image/gif")), "'contentType'", "image/gif");
    assertRejected(json(n -> n.put("data", "")), "'data'", "empty");
    assertRejected(json(n -> n.put("timestamp", -3)), "'timestamp'", ">= 0");
  }

  @Test
  void nullAndEmptyValuesAreRejected() {
    assertRejected(null, "value is null");
    assertRejected(new byte[0], "value is empty");
    assertThatThrownBy(() -> codec.decodeJson("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidImageEventException.class)
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void rawValueWithoutContentTypeHeaderIsRejected() {
    assertThatThrownBy(() -> codec.decode("k", 1, new RecordHeaders(), Examples.png()))
        .isInstanceOf(InvalidImageEventException.class)
        .hasMessageContaining("missing header 'content-type'");
  }

  @Test
  void rawValueNeedsKeyAndSupportedType() {
    assertThatThrownBy(() -> codec.decode(null, 1, contentType("image/png"), Examples.png()))
        .isInstanceOf(InvalidImageEventException.class)
        .hasMessageContaining("record key");
    assertThatThrownBy(() -> codec.decode("k", 1, contentType("image/gif"), Examples.png()))
        .isInstanceOf(InvalidImageEventException.class)
        .hasMessageContaining("header 'content-type'")
        .hasMessageContaining("image/gif");
    assertThatThrownBy(() -> codec.decode("k", -1, contentType("image/png"), Examples.png()))
        .isInstanceOf(InvalidImageEventException.class)
        .hasMessageContaining("record timestamp");
  }

  @Test
  void eventIsImmutable() {
    byte[] data = Examples.png();
    ImageEvent copy = new ImageEvent("a", "IMAGE/PNG", data, 1, null, Map.of("k", "v"));
    data[0] = 0;
    copy.data()[1] = 0;
    assertThat(copy.data()).isEqualTo(Examples.png());
    assertThat(copy.contentType()).isEqualTo(ContentType.PNG);
    assertThatThrownBy(() -> copy.attributes().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private byte[] json(java.util.function.Consumer<ObjectNode> change) {
    try {
      ObjectNode node = (ObjectNode) ContractSchemas.MAPPER.readTree(codec.encodeJson(event));
      change.accept(node);
      return ContractSchemas.MAPPER.writeValueAsBytes(node);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void assertRejected(byte[] value, String... messageParts) {
    assertThatThrownBy(() -> codec.decode("k", 1, null, value))
        .isInstanceOf(InvalidImageEventException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
  }

  static Headers contentType(String type) {
    return new RecordHeaders()
        .add(ImageEventHeaders.CONTENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
  }

  static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
