package io.mnasnet.streams.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image tarball as {@code jib:buildTar} writes it (Docker's {@code docker load} format: {@code
 * manifest.json}, {@code config.json} and one {@code .tar.gz} per layer), read without a daemon:
 * the image's configuration, its layers with their sizes and files, and the text of its small files
 * (scripts, Jib's class path and main class files).
 */
public final class ImageTarball {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SMALL_FILE_BYTES = 64 * 1024;

  private final JsonNode manifest;
  private final JsonNode config;
  private final List<Layer> layers;

  /** A file of a layer: its path in the image ({@code app/libs/x.jar}), size and mode. */
  public record FileEntry(String path, long size, int mode, String text, List<String> jarEntries) {}

  /** A layer: Jib's name for it (history comment), its sizes and its regular files. */
  public record Layer(String name, long compressedBytes, List<FileEntry> files) {
    public long uncompressedBytes() {
      return files.stream().mapToLong(FileEntry::size).sum();
    }
  }

  private ImageTarball(JsonNode manifest, JsonNode config, List<Layer> layers) {
    this.manifest = manifest;
    this.config = config;
    this.layers = layers;
  }

  public static ImageTarball read(Path tarball) {
    Map<String, byte[]> metadata = new HashMap<>();
    Map<String, Long> compressedSizes = new HashMap<>();
    Map<String, List<FileEntry>> layerFiles = new HashMap<>();
    try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      for (TarArchiveEntry entry = outer.getNextEntry();
          entry != null;
          entry = outer.getNextEntry()) {
        if (entry.getName().endsWith(".tar.gz")) {
          compressedSizes.put(entry.getName(), entry.getSize());
          layerFiles.put(entry.getName(), readLayer(outer));
        } else if (entry.getName().endsWith(".json")) {
          metadata.put(entry.getName(), outer.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the image tarball " + tarball, e);
    }
    JsonNode manifest = parse(metadata.get("manifest.json")).get(0);
    JsonNode config = parse(metadata.get(manifest.path("Config").asText()));
    List<String> names = new ArrayList<>();
    config
        .path("history")
        .forEach(
            h -> {
              if (!h.path("empty_layer").asBoolean()) {
                names.add(h.path("comment").asText(h.path("created_by").asText()));
              }
            });
    List<Layer> layers = new ArrayList<>();
    JsonNode layerFilesInOrder = manifest.path("Layers");
    for (int i = 0; i < layerFilesInOrder.size(); i++) {
      String file = layerFilesInOrder.get(i).asText();
      String name = i < names.size() ? names.get(i) : file;
      layers.add(new Layer(name, compressedSizes.get(file), layerFiles.get(file)));
    }
    return new ImageTarball(manifest, config, layers);
  }

  private static List<FileEntry> readLayer(InputStream layer) throws IOException {
    List<FileEntry> files = new ArrayList<>();
    // not closed: closing would close the outer tarball's stream
    TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(nonClosing(layer)));
    for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
      if (entry.isFile()) {
        String text =
            entry.getSize() <= SMALL_FILE_BYTES && isText(entry.getName())
                ? new String(tar.readAllBytes(), StandardCharsets.UTF_8)
                : null;
        List<String> jarEntries = entry.getName().endsWith(".jar") ? jarEntries(tar) : null;
        files.add(
            new FileEntry(entry.getName(), entry.getSize(), entry.getMode(), text, jarEntries));
      }
    }
    return files;
  }

  /** The entry names of the jar the tar stream is at. */
  private static List<String> jarEntries(InputStream jar) throws IOException {
    List<String> names = new ArrayList<>();
    java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(nonClosing(jar));
    for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      names.add(entry.getName());
    }
    return names;
  }

  /** Scripts, Jib's argument files, configuration: not classes or jars. */
  private static boolean isText(String path) {
    return !path.endsWith(".class") && !path.endsWith(".jar") && !path.endsWith(".so");
  }

  private static InputStream nonClosing(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  private static JsonNode parse(byte[] json) {
    if (json == null) {
      throw new IllegalStateException("not an image tarball: manifest.json or config missing");
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code repository:tag} names the tarball loads as. */
  public List<String> repoTags() {
    List<String> tags = new ArrayList<>();
    manifest.path("RepoTags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  /** The image's run configuration: {@code Entrypoint}, {@code Cmd}, {@code Env}, ... */
  public JsonNode runConfig() {
    return config.path("config");
  }

  public List<Layer> layers() {
    return layers;
  }

  /** Every regular file of every layer, by path (later layers win). */
  public Map<String, FileEntry> files() {
    Map<String, FileEntry> files = new LinkedHashMap<>();
    for (Layer layer : layers) {
      for (FileEntry file : layer.files()) {
        files.put(file.path(), file);
      }
    }
    return files;
  }

  /** The text of a small file of the image ({@code app/jib-main-class-file}). */
  public Optional<String> text(String path) {
    return Optional.ofNullable(files().get(path)).map(FileEntry::text);
  }

  /** The entry names of the jar at {@code path} in the image (empty if there is none). */
  public List<String> jarEntries(String path) {
    FileEntry file = files().get(path);
    return file == null || file.jarEntries() == null ? List.of() : file.jarEntries();
  }

  /** The jars Jib put in {@code /app/libs}, by file name. */
  public List<String> libraryJars() {
    return files().keySet().stream()
        .filter(p -> p.startsWith("app/libs/"))
        .map(p -> p.substring("app/libs/".length()))
        .toList();
  }

  /** A table of the layers: name, compressed and uncompressed MB, file count. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    long compressed = 0;
    long uncompressed = 0;
    for (Layer layer : layers) {
      out.append(
          String.format(
              "%-22s %9.2f MB gz %9.2f MB %5d files%n",
              layer.name(),
              layer.compressedBytes() / 1e6,
              layer.uncompressedBytes() / 1e6,
              layer.files().size()));
      compressed += layer.compressedBytes();
      uncompressed += layer.uncompressedBytes();
    }
    out.append(
        String.format(
            "%-22s %9.2f MB gz %9.2f MB%n", "total", compressed / 1e6, uncompressed / 1e6));
    return out.toString();
  }
}
