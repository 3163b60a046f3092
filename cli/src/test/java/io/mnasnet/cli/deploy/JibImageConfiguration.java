package io.mnasnet.cli.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The container image as {@code cli/pom.xml} configures Jib to build it, with Maven properties
 * resolved ({@code ${project.version}}, {@code ${mnasnet.image.*}}), for the CPU build or, with the
 * {@code gpu} profile's properties, the GPU build.
 */
final class JibImageConfiguration {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  private final Element pom;
  private final Map<String, String> properties;

  private JibImageConfiguration(Element pom, Map<String, String> properties) {
    this.pom = pom;
    this.properties = properties;
  }

  /** The default (CPU) build. */
  static JibImageConfiguration cpu() {
    return read(Optional.empty());
  }

  /** The build with {@code -Pgpu}. */
  static JibImageConfiguration gpu() {
    return read(Optional.of("gpu"));
  }

  private static JibImageConfiguration read(Optional<String> profile) {
    Element pom = parse();
    Map<String, String> properties = new HashMap<>();
    properties.put("project.version", text(child(pom, "parent"), "version"));
    properties.put("project.basedir", RepositoryFiles.root().resolve("cli").toString());
    properties.putAll(properties(child(pom, "properties")));
    profile.ifPresent(id -> properties.putAll(properties(child(profile(pom, id), "properties"))));
    return new JibImageConfiguration(pom, properties);
  }

  String projectVersion() {
    return properties.get("project.version");
  }

  ImageReference image() {
    return ImageReference.parse(value("to/image"));
  }

  List<String> additionalTags() {
    return values("to/tags");
  }

  ImageReference baseImage() {
    return ImageReference.parse(value("from/image"));
  }

  List<String> entrypoint() {
    return values("container/entrypoint");
  }

  List<String> args() {
    return values("container/args");
  }

  List<String> ports() {
    return values("container/ports");
  }

  String user() {
    return value("container/user");
  }

  Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (Element variable : children(at("container/environment"))) {
      environment.put(variable.getTagName(), resolve(variable.getTextContent().trim()));
    }
    return environment;
  }

  /** Files added from {@code extraDirectories}: source directory (relative to cli/) -> target. */
  Map<String, String> extraDirectories() {
    Map<String, String> directories = new LinkedHashMap<>();
    for (Element path : children(at("extraDirectories/paths"))) {
      directories.put(resolve(text(path, "from")), text(path, "into"));
    }
    return directories;
  }

  /** File modes set in {@code extraDirectories/permissions}, by path in the image. */
  Map<String, String> permissions() {
    Map<String, String> modes = new LinkedHashMap<>();
    for (Element permission : children(at("extraDirectories/permissions"))) {
      modes.put(text(permission, "file"), text(permission, "mode"));
    }
    return modes;
  }

  /** Executions of the Jib plugin outside profiles: none, so `mvn verify` never builds images. */
  int executionsOutsideProfiles() {
    Element executions = child(jibPlugin(child(pom, "build")), "executions");
    return executions == null ? 0 : children(executions).size();
  }

  /** Goals the given profile binds the Jib plugin to, with their phases. */
  Map<String, String> profileGoals(String profileId) {
    Map<String, String> goals = new LinkedHashMap<>();
    Element executions = child(jibPlugin(child(profile(pom, profileId), "build")), "executions");
    for (Element execution : children(executions)) {
      for (Element goal : children(child(execution, "goals"))) {
        goals.put(goal.getTextContent().trim(), text(execution, "phase"));
      }
    }
    return goals;
  }

  private String value(String path) {
    return resolve(at(path).getTextContent().trim());
  }

  private List<String> values(String path) {
    List<String> values = new ArrayList<>();
    for (Element element : children(at(path))) {
      values.add(resolve(element.getTextContent().trim()));
    }
    return values;
  }

  private Element at(String path) {
    Element element = child(jibPlugin(child(pom, "build")), "configuration");
    for (String name : path.split("/")) {
      element = child(element, name);
      if (element == null) {
        throw new IllegalStateException("cli/pom.xml: no <" + path + "> in Jib's configuration");
      }
    }
    return element;
  }

  private String resolve(String value) {
    String resolved = value;
    for (int round = 0; round < 5 && resolved.contains("${"); round++) {
      Matcher matcher = PROPERTY.matcher(resolved);
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        String replacement = properties.get(matcher.group(1));
        if (replacement == null) {
          throw new IllegalStateException("cli/pom.xml: unknown property " + matcher.group());
        }
        matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      matcher.appendTail(out);
      resolved = out.toString();
    }
    return resolved;
  }

  private static Element jibPlugin(Element build) {
    for (Element plugin : children(child(build, "plugins"))) {
      if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
        return plugin;
      }
    }
    throw new IllegalStateException("cli/pom.xml: no jib-maven-plugin in " + build.getTagName());
  }

  private static Element profile(Element pom, String id) {
    for (Element profile : children(child(pom, "profiles"))) {
      if (id.equals(text(profile, "id"))) {
        return profile;
      }
    }
    throw new IllegalStateException("cli/pom.xml: no profile " + id);
  }

  private static Map<String, String> properties(Element properties) {
    Map<String, String> map = new HashMap<>();
    for (Element property : children(properties)) {
      map.put(property.getTagName(), property.getTextContent().trim());
    }
    return map;
  }

  private static Element parse() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document =
          factory.newDocumentBuilder().parse(RepositoryFiles.file("cli/pom.xml").toFile());
      return document.getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read cli/pom.xml", e);
    }
  }

  private static String text(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Element child : children(parent)) {
      if (child.getTagName().equals(name)) {
        return child;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent) {
    List<Element> elements = new ArrayList<>();
    if (parent == null) {
      return elements;
    }
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
        elements.add((Element) nodes.item(i));
      }
    }
    return elements;
  }
}
