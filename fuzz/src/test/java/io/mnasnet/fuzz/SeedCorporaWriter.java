package io.mnasnet.fuzz;

import io.mnasnet.inference.image.DecodedImage;
import io.mnasnet.inference.image.HostileImages;
import io.mnasnet.inference.image.ImageEncoding;
import io.mnasnet.inference.savedmodel.ModelMetadataFile;
import io.mnasnet.schemas.ContentType;
import io.mnasnet.schemas.ImageEvent;
import io.mnasnet.schemas.ImageEventCodec;
import io.mnasnet.schemas.ImageEventFormat;
import io.mnasnet.schemas.ImageEventHeaders;
import io.mnasnet.schemas.ModelMetadata;
import io.mnasnet.schemas.ModelMetadata.Preprocessing;
import io.mnasnet.schemas.Prediction.SourcePosition;
import io.mnasnet.streams.batching.PendingImage;
import io.mnasnet.streams.batching.PendingImageSerde;
import io.mnasnet.trainer.data.FashionMnist;
import io.mnasnet.trainer.data.LabelledImages;
import io.mnasnet.trainer.export.StandardPreprocessing;
import io.mnasnet.trainer.io.Npy;
import io.mnasnet.trainer.io.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the committed seed corpora of the fuzz targets, {@code
 * src/test/resources/io/mnasnet/fuzz/<package>/<Target>Inputs/<method>/seed-*}: small valid inputs
 * made by the project's own writers (the event codec, the buffer's serde, the npy and metadata
 * writers, the PNG/JPEG encoder) and real files of the test fixtures (images, the shipped model's
 * {@code mnasnet.json}, the Kubernetes properties), plus a few hostile images. The fuzzer mutates
 * from them, so it starts inside each format instead of guessing its magic numbers. Run from the
 * module's directory when a format changes:
 *
 * <pre>{@code
 * mvn -B -pl fuzz -am test -Dtest=SeedCorporaWriter -Dfuzz.seeds.write=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.skip=true
 * }</pre>
 *
 * Findings (files named {@code crash-*} by Jazzer) live beside the seeds and are never rewritten.
 */
@EnabledIfSystemProperty(named = "fuzz.seeds.write", matches = "true")
class SeedCorporaWriter {
  private static final Path RESOURCES = Path.of("src/test/resources/io/mnasnet/fuzz");
  private static final Path REPOSITORY = Path.of("..");
  private static final Path FIXTURES = REPOSITORY.resolve("trainer/src/test/resources/fixtures");

  private final ImageEventCodec codec = new ImageEventCodec();

  @Test
  void writeEverySeedCorpus() throws IOException {
    Map<String, byte[]> images = images();
    Map<String, byte[]> records = records(images);
    write("schemas/ImageEventDecodingFuzzTestInputs/decodesOrRefusesEveryRecord", records);
    write("validation/ImageValidationFuzzTestInputs/passesOrDeadLettersEveryRecord", records);
    write("image/JavaImageDecodingFuzzTestInputs/decodesOrRefusesEveryImage", images);
    write("image/GraphImageDecodingFuzzTestInputs/preprocessesOrRefusesEveryImage", images);
    write("batching/PendingImageSerdeFuzzTestInputs/readsOrRefusesEveryEntry", bufferEntries());
    write("io/SafetensorsFuzzTestInputs/readsOrRefusesEveryFile", safetensors());
    write("io/NpyFuzzTestInputs/readsOrRefusesEveryFile", npyFiles());
    write("data/IdxFileFuzzTestInputs/readsOrRefusesEveryFile", idxFiles());
    write("metadata/ModelMetadataFileFuzzTestInputs/readsOrRefusesEveryFile", metadataFiles());
    write("config/StreamsAppConfigFuzzTestInputs/parsesOrRefusesEveryFile", propertiesFiles());
  }

  /** PNGs and JPEGs: Fashion-MNIST, small photos, the unusual encodings, a few hostile ones. */
  private Map<String, byte[]> images() throws IOException {
    Map<String, byte[]> images = new LinkedHashMap<>();
    byte[] garment = fashionMnist().image(0);
    DecodedImage grey = DecodedImage.grey(28, 28, garment);
    images.put("fashion-mnist-28x28.png", ImageEncoding.encodePng(grey));
    images.put("fashion-mnist-28x28.jpg", ImageEncoding.encodeJpeg(grey, 0.9f));
    images.put("rgb-40x30.jpg", ImageEncoding.encodeJpeg(gradient(40, 30), 0.8f));
    images.put("rgb-40x30.png", ImageEncoding.encodePng(gradient(40, 30)));
    for (String name :
        List.of("progressive.jpg", "cmyk.jpg", "grey16.png", "palette-alpha.png", "rgba.png")) {
      images.put(name, Files.readAllBytes(FIXTURES.resolve("bad-input").resolve(name)));
    }
    images.put("lake-256x256.jpg", Files.readAllBytes(FIXTURES.resolve("photos/lake-256x256.jpg")));
    images.put("progressive-64x64-20-scans.jpg", HostileImages.progressiveJpeg(64, 64, 20));
    images.put("zeros-64x64-rgba16.png", HostileImages.pngOfZeros(64, 64, 16, HostileImages.RGBA));
    images.put("claims-100000x100000.png", HostileImages.pngClaiming(100_000, 100_000));
    return images;
  }

  /** Input records: raw PNG and JPEG with headers, JSON envelopes with and without a header. */
  private Map<String, byte[]> records(Map<String, byte[]> images) {
    Map<String, byte[]> records = new LinkedHashMap<>();
    ImageEvent png =
        new ImageEvent(
            "shoe-42",
            ContentType.PNG,
            images.get("fashion-mnist-28x28.png"),
            1_767_225_600_000L,
            "seed",
            Map.of("label", "9"));
    ImageEvent jpeg =
        new ImageEvent(
            "photo-1",
            ContentType.JPEG,
            images.get("progressive.jpg"),
            1_767_225_600_000L,
            null,
            Map.of());
    records.put("raw-png", record(png, ImageEventFormat.RAW));
    records.put("raw-jpeg", record(jpeg, ImageEventFormat.RAW));
    records.put("json-png", record(png, ImageEventFormat.JSON));
    Headers none = new RecordHeaders();
    records.put("json-without-header", RecordInput.encode("k", none, codec.encodeJson(jpeg)));
    Headers declared = new RecordHeaders();
    declared.add(ImageEventHeaders.CONTENT_TYPE, "IMAGE/PNG; q=1".getBytes(StandardCharsets.UTF_8));
    records.put(
        "raw-png-declared-with-parameters",
        RecordInput.encode("k", declared, images.get("rgba.png")));
    return records;
  }

  private byte[] record(ImageEvent event, ImageEventFormat format) {
    Headers headers = new RecordHeaders();
    byte[] value = codec.encode(event, format, headers);
    return RecordInput.encode(event.id(), headers, value);
  }

  /** Batch buffer entries, as the serde writes them to the store and its changelog. */
  private static Map<String, byte[]> bufferEntries() throws IOException {
    PendingImageSerde serde = new PendingImageSerde();
    byte[] png = ImageEncoding.encodePng(DecodedImage.grey(28, 28, fashionMnist().image(1)));
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(
        "with-label",
        serde
            .serializer()
            .serialize(
                "t",
                new PendingImage(
                    "k-1",
                    "id-1",
                    ContentType.PNG,
                    png,
                    1_767_225_600_000L,
                    1_767_225_600_001L,
                    "9",
                    new SourcePosition("images-in", 3, 1234),
                    1_767_225_600_002L)));
    entries.put(
        "without-label",
        serde
            .serializer()
            .serialize(
                "t",
                new PendingImage(
                    "",
                    "ünïcödé",
                    ContentType.JPEG,
                    new byte[] {(byte) 0xFF, (byte) 0xD8},
                    0,
                    0,
                    null,
                    new SourcePosition("in", 0, 0),
                    0)));
    return entries;
  }

  /**
   * Small safetensors files (the project has a reader and no writer): an F32 matrix with metadata,
   * several dtypes side by side, and a file with no tensors.
   */
  private static Map<String, byte[]> safetensors() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "f32-matrix-with-metadata",
        safetensorsFile(
            "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"features.0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                + "\"data_offsets\":[0,24]}}",
            24));
    files.put(
        "dtypes",
        safetensorsFile(
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"c\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"d\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[16,18]}}",
            18));
    files.put("empty", safetensorsFile("{}", 0));
    return files;
  }

  private static byte[] safetensorsFile(String header, int dataBytes) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer file =
        ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    file.putLong(json.length).put(json);
    for (int i = 0; i < dataBytes; i++) {
      file.put((byte) (i * 37));
    }
    return file.array();
  }

  private static Map<String, byte[]> npyFiles() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "float32-2x3",
        Npy.toByteArray(NpyArray.ofFloats(new long[] {2, 3}, new float[] {0, 1, -2.5f, 3, 4, 5})));
    files.put(
        "uint8-2x28x28",
        Npy.toByteArray(
            NpyArray.ofUnsignedBytes(
                new long[] {2, 28, 28}, Arrays.copyOf(fashionMnist().image(2), 2 * 28 * 28))));
    files.put("int64-scalar", Npy.toByteArray(NpyArray.ofLongs(new long[] {}, new long[] {7})));
    files.put(
        "float64-4",
        Npy.toByteArray(NpyArray.ofDoubles(new long[] {4}, new double[] {1, 2, 3, 4})));
    return files;
  }

  /** Three Fashion-MNIST images and their labels as IDX files, plain and gzipped. */
  private static Map<String, byte[]> idxFiles() throws IOException {
    LabelledImages sample = fashionMnist();
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    for (int i = 0; i < 3; i++) {
      pixels.writeBytes(sample.image(i));
    }
    byte[] labels = new byte[3];
    for (int i = 0; i < 3; i++) {
      labels[i] = (byte) sample.label(i);
    }
    byte[] images = idx(new int[] {3, 28, 28}, pixels.toByteArray());
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("images-idx3-ubyte", images);
    files.put("labels-idx1-ubyte", idx(new int[] {3}, labels));
    files.put("images-idx3-ubyte.gz", gzip(images));
    return files;
  }

  private static byte[] idx(int[] dims, byte[] data) {
    ByteBuffer file = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    file.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
    for (int dim : dims) {
      file.putInt(dim);
    }
    return file.put(data).array();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  /** The shipped model's {@code mnasnet.json}, and a resize-center-crop model's as written. */
  private static Map<String, byte[]> metadataFiles() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "shipped-fashion-mnist",
        Files.readAllBytes(REPOSITORY.resolve("models/fashion-mnist/mnasnet0_5/1/mnasnet.json")));
    Path dir = Files.createTempDirectory("seed-metadata");
    ModelMetadataFile.write(
        dir,
        new ModelMetadata(
            "mnasnet1_0-imagenet",
            3,
            "mnasnet-b1",
            1.0,
            List.of("tench", "goldfish", "great white shark"),
            new Preprocessing(
                224,
                Preprocessing.RESIZE_CENTER_CROP,
                256,
                StandardPreprocessing.IMAGENET_MEAN,
                StandardPreprocessing.IMAGENET_STD,
                Preprocessing.GRAYSCALE_REPLICATE),
            ModelMetadata.Signatures.DEFAULT));
    files.put("resize-center-crop", Files.readAllBytes(ModelMetadataFile.path(dir)));
    return files;
  }

  /** The Kubernetes deployment's file, and a short one with Kafka client settings and escapes. */
  private static Map<String, byte[]> propertiesFiles() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "kubernetes",
        Files.readAllBytes(REPOSITORY.resolve("deploy/kubernetes/base/mnasnet.properties")));
    files.put(
        "kafka-client-settings",
        String.join(
                "\n",
                "bootstrap.servers = localhost:9092",
                "model.dir=/models/a\\ b",
                "max.image.pixels: 1048576",
                "kafka.security.protocol=SASL_SSL",
                "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule \\",
                "  required username=\"app\" password=\"secret\";",
                "batch.size=64",
                "device=cpu")
            .getBytes(StandardCharsets.ISO_8859_1));
    return files;
  }

  private static LabelledImages fashionMnist() throws IOException {
    return FashionMnist.loadSample();
  }

  private static DecodedImage gradient(int width, int height) {
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7 % 251);
    }
    return DecodedImage.rgb(width, height, rgb);
  }

  private static void write(String directory, Map<String, byte[]> seeds) throws IOException {
    Path dir = RESOURCES.resolve(directory);
    Files.createDirectories(dir);
    try (var old = Files.list(dir)) {
      for (Path file : old.filter(f -> f.getFileName().toString().startsWith("seed-")).toList()) {
        Files.delete(file);
      }
    }
    for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
      Files.write(dir.resolve("seed-" + seed.getKey()), seed.getValue());
    }
  }
}
