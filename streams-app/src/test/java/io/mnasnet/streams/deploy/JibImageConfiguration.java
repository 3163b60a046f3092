package io.mnasnet.streams.deploy;

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
 * A container image as Jib builds it from a module: the settings both images share, from the Jib
 * plugin management of the root {@code pom.xml}, with the module's own Jib configuration on top,
 * and Maven properties resolved ({@code ${project.version}}, {@code ${mnasnet.image.*}}), for the
 * CPU build or, with the {@code gpu} profile's properties, the GPU build.
 *
 * <p>Maven merges the two configurations element by element; the images keep it simple to read back
 * by never setting the same element in both places ({@link #elementsSetTwice()}), so a value is the
 * module's if it sets it, else the root's.
 */
public final class JibImageConfiguration {
  /** The module that builds the streaming app's image. */
  public static final String APP_MODULE = "streams-app";

  /** The module that builds the tools' image. */
  public static final String TOOLS_MODULE = "cli";

  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

  private final String module;
  private final Element rootPom;
  private final Element modulePom;
  private final Map<String, String> properties;

  private JibImageConfiguration(
      String module, Element rootPom, Element modulePom, Map<String, String> properties) {
    this.module = module;
    this.rootPom = rootPom;
    this.modulePom = modulePom;
    this.properties = properties;
  }

  /** The default (CPU) build of the image of {@code module} ({@link #APP_MODULE}, ...). */
  public static JibImageConfiguration cpu(String module) {
    return read(module, Optional.empty());
  }

  /** The build with {@code -Pgpu}. */
  public static JibImageConfiguration gpu(String module) {
    return read(module, Optional.of("gpu"));
  }

  private static JibImageConfiguration read(String module, Optional<String> profile) {
    Element rootPom = parse("pom.xml");
    Element modulePom = parse(module + "/pom.xml");
    // Maven's order: the parent's properties (with its active profiles), then the module's
    Map<String, String> properties = new HashMap<>();
    properties.put("project.version", text(child(modulePom, "parent"), "version"));
    String basedir = RepositoryFiles.root().resolve(module).toString();
    properties.put("project.basedir", basedir);
    properties.put("project.build.directory", basedir + "/target");
    properties.put("project.description", text(modulePom, "description"));
    properties.putAll(properties(child(rootPom, "properties")));
    profile.ifPresent(
        id -> properties.putAll(properties(child(profile(rootPom, id), "properties"))));
    properties.putAll(properties(child(modulePom, "properties")));
    return new JibImageConfiguration(module, rootPom, modulePom, properties);
  }

  /** A Maven property as the build sees it (root, its active profile, then the module). */
  public String property(String name) {
    return properties.get(name);
  }

  public String projectVersion() {
    return properties.get("project.version");
  }

  public ImageReference image() {
    return ImageReference.parse(value("to/image"));
  }

  public List<String> additionalTags() {
    return values("to/tags");
  }

  public ImageReference baseImage() {
    return ImageReference.parse(value("from/image"));
  }

  public List<String> entrypoint() {
    return values("container/entrypoint");
  }

  /** The class the entry point starts (Jib writes it to /app/jib-main-class-file). */
  public String mainClass() {
    return value("container/mainClass");
  }

  /** The default command; empty when the module sets none. */
  public List<String> args() {
    return optionalAt("container/args").isPresent() ? values("container/args") : List.of();
  }

  public List<String> ports() {
    return optionalAt("container/ports").isPresent() ? values("container/ports") : List.of();
  }

  public String user() {
    return value("container/user");
  }

  /**
   * The image's environment: the root's variables and the module's. Maven merges a map-like element
   * by its children's names, so each image adds its own variables to the shared ones (a name set in
   * both would be {@linkplain #elementsSetTwice set twice}).
   */
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (Element configuration : List.of(configuration(rootJib()), configuration(moduleJib()))) {
      Element variables = find(configuration, "container/environment");
      if (variables != null) {
        for (Element variable : children(variables)) {
          environment.put(variable.getTagName(), resolve(variable.getTextContent().trim()));
        }
      }
    }
    return environment;
  }

  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Element label : children(at("container/labels"))) {
      labels.put(label.getTagName(), resolve(label.getTextContent().trim()));
    }
    return labels;
  }

  /** The image tarball {@code -Pimage} writes. */
  public String tarball() {
    return value("outputPaths/tar");
  }

  /** Files added from {@code extraDirectories}: source directory (absolute) -> target. */
  public Map<String, String> extraDirectories() {
    Map<String, String> directories = new LinkedHashMap<>();
    for (Element path : children(at("extraDirectories/paths"))) {
      directories.put(resolve(text(path, "from")), text(path, "into"));
    }
    return directories;
  }

  /** File modes set in {@code extraDirectories/permissions}, by path in the image. */
  public Map<String, String> permissions() {
    Map<String, String> modes = new LinkedHashMap<>();
    for (Element permission : children(at("extraDirectories/permissions"))) {
      modes.put(text(permission, "file"), text(permission, "mode"));
    }
    return modes;
  }

  /**
   * Executions of the Jib plugin outside profiles, in the module and in the root's plugin
   * management: none, so {@code mvn verify} never builds images.
   */
  public int executionsOutsideProfiles() {
    return children(child(moduleJib(), "executions")).size()
        + children(child(rootJib(), "executions")).size();
  }

  /** Goals a profile of the root pom binds the (managed) Jib plugin to, with their phases. */
  public Map<String, String> rootProfileGoals(String profileId) {
    Map<String, String> goals = new LinkedHashMap<>();
    Element build = child(profile(rootPom, profileId), "build");
    Element executions = child(jibPlugin(child(build, "pluginManagement")), "executions");
    for (Element execution : children(executions)) {
      for (Element goal : children(child(execution, "goals"))) {
        goals.put(goal.getTextContent().trim(), text(execution, "phase"));
      }
    }
    return goals;
  }

  /** Configuration elements (paths) set by both the root and the module: none, see above. */
  public List<String> elementsSetTwice() {
    List<String> twice = new ArrayList<>();
    collectLeaves(configuration(moduleJib()), "", rootPaths(), twice);
    return twice;
  }

  private List<String> rootPaths() {
    List<String> paths = new ArrayList<>();
    collectLeaves(configuration(rootJib()), "", null, paths);
    return paths;
  }

  /** Leaf element paths under {@code element}; with {@code filter}, only those it contains. */
  private static void collectLeaves(
      Element element, String prefix, List<String> filter, List<String> out) {
    for (Element child : children(element)) {
      String path = prefix.isEmpty() ? child.getTagName() : prefix + "/" + child.getTagName();
      if (children(child).isEmpty()) {
        if (filter == null || filter.contains(path)) {
          out.add(path);
        }
      } else {
        collectLeaves(child, path, filter, out);
      }
    }
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
    return optionalAt(path)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no <" + path + "> in the Jib configuration of " + module + " or the root"));
  }

  /** The module's element at {@code path} if it sets one, else the root's. */
  private Optional<Element> optionalAt(String path) {
    Element own = find(configuration(moduleJib()), path);
    return Optional.ofNullable(own != null ? own : find(configuration(rootJib()), path));
  }

  private static Element find(Element configuration, String path) {
    Element element = configuration;
    for (String name : path.split("/")) {
      element = child(element, name);
      if (element == null) {
        return null;
      }
    }
    return element;
  }

  private Element moduleJib() {
    return jibPlugin(child(modulePom, "build"));
  }

  private Element rootJib() {
    return jibPlugin(child(child(rootPom, "build"), "pluginManagement"));
  }

  private static Element configuration(Element plugin) {
    Element configuration = child(plugin, "configuration");
    if (configuration == null) {
      throw new IllegalStateException("no <configuration> in a jib-maven-plugin declaration");
    }
    return configuration;
  }

  private String resolve(String value) {
    String resolved = value;
    for (int round = 0; round < 5 && resolved.contains("${"); round++) {
      Matcher matcher = PROPERTY.matcher(resolved);
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        String replacement = properties.get(matcher.group(1));
        if (replacement == null) {
          throw new IllegalStateException(module + ": unknown property " + matcher.group());
        }
        matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      matcher.appendTail(out);
      resolved = out.toString();
    }
    return resolved;
  }

  /** The jib-maven-plugin among {@code container}'s {@code <plugins>}. */
  private static Element jibPlugin(Element container) {
    for (Element plugin : children(child(container, "plugins"))) {
      if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) {
        return plugin;
      }
    }
    throw new IllegalStateException(
        "no jib-maven-plugin in <" + (container == null ? "?" : container.getTagName()) + ">");
  }

  private static Element profile(Element pom, String id) {
    for (Element profile : children(child(pom, "profiles"))) {
      if (id.equals(text(profile, "id"))) {
        return profile;
      }
    }
    throw new IllegalStateException("pom.xml: no profile " + id);
  }

  private static Map<String, String> properties(Element properties) {
    Map<String, String> map = new HashMap<>();
    for (Element property : children(properties)) {
      map.put(property.getTagName(), property.getTextContent().trim());
    }
    return map;
  }

  private static Element parse(String pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(RepositoryFiles.file(pom).toFile());
      return document.getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + pom, e);
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
