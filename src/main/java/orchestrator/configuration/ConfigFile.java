package orchestrator.configuration;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The YAML configuration file: {@code $PYC_ROOT} (default {@code /}) joined with {@code
 * $PYC_CONFIG} (default {@code /config/application.yaml}). Nested keys flatten with dots; the
 * {@code nodes} list is kept apart as the nodes to create or update at start-up.
 */
public record ConfigFile(
    Path path, Map<String, String> properties, List<Map<String, Object>> nodes) {
  public static final String ROOT_VARIABLE = "PYC_ROOT";
  public static final String CONFIG_VARIABLE = "PYC_CONFIG";
  static final String DEFAULT_ROOT = "/";
  static final String DEFAULT_CONFIG = "/config/application.yaml";

  public static final ConfigFile NONE = new ConfigFile(null, Map.of(), List.of());

  /** Reads the file the process environment names. */
  public static ConfigFile fromEnvironment() {
    return read(
        name -> {
          String property = System.getProperty(name);
          return property != null ? property : System.getenv(name);
        });
  }

  /**
   * Reads the file that the given variables name. A file named explicitly must exist; the default
   * one may be absent.
   *
   * @throws ConfigurationException naming the path when the file is missing, unreadable or
   *     malformed
   */
  public static ConfigFile read(Function<String, String> variables) {
    String root = variables.apply(ROOT_VARIABLE);
    String config = variables.apply(CONFIG_VARIABLE);
    boolean explicit = root != null || config != null;
    Path path =
        resolve(root == null ? DEFAULT_ROOT : root, config == null ? DEFAULT_CONFIG : config);
    if (!Files.exists(path)) {
      if (explicit) {
        throw new ConfigurationException(
            "Configuration file "
                + path
                + " (from "
                + ROOT_VARIABLE
                + "/"
                + CONFIG_VARIABLE
                + ") does not exist.");
      }
      return NONE;
    }
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      DumperOptions dumper = new DumperOptions();
      return parse(
          path,
          new Yaml(
                  new SafeConstructor(options),
                  new Representer(dumper),
                  dumper,
                  options,
                  new TextScalars())
              .load(reader));
    } catch (IOException e) {
      throw new ConfigurationException(
          "Configuration file " + path + " cannot be read: " + e.getMessage(), e);
    } catch (YAMLException e) {
      throw new ConfigurationException(
          "Configuration file " + path + " is not valid YAML: " + e.getMessage(), e);
    }
  }

  static Path resolve(String root, String config) {
    String relative = config.replaceFirst("^/+", "");
    return Path.of(root.isEmpty() ? DEFAULT_ROOT : root).resolve(relative).normalize();
  }

  static ConfigFile parse(Path path, Object document) {
    if (document == null) return new ConfigFile(path, Map.of(), List.of());
    if (!(document instanceof Map<?, ?> top)) {
      throw new ConfigurationException(
          "Configuration file " + path + " must hold a mapping of keys at its top level.");
    }
    Map<String, String> flat = new LinkedHashMap<>();
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Map.Entry<?, ?> entry : top.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (key.equals("nodes")) {
        nodes.addAll(nodesOf(path, entry.getValue()));
      } else {
        flatten(key, entry.getValue(), flat);
      }
    }
    return new ConfigFile(path, Map.copyOf(flat), List.copyOf(nodes));
  }

  private static void flatten(String key, Object value, Map<String, String> into) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> flatten(key + "." + k, v, into));
    } else if (value instanceof Collection<?> list) {
      // MicroProfile Config reads comma-separated values as lists
      into.put(
          key,
          String.join(
              ",", list.stream().map(item -> String.valueOf(item).replace(",", "\\,")).toList()));
    } else if (value != null) {
      into.put(key, String.valueOf(value));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> nodesOf(Path path, Object value) {
    if (value == null) return List.of();
    if (!(value instanceof List<?> list)) {
      throw new ConfigurationException(
          "Configuration file " + path + ": 'nodes' must be a list of nodes.");
    }
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> node)) {
        throw new ConfigurationException(
            "Configuration file " + path + ": nodes[" + i + "] must be a mapping of node fields.");
      }
      nodes.add((Map<String, Object>) node);
    }
    return nodes;
  }

  /**
   * Plain scalars stay the text that was written ({@code 010}, {@code 1e3}, {@code 0.10}, {@code
   * on}), so the settings parse exactly that; only true/false and null are resolved, as in YAML
   * 1.2, rather than YAML 1.1's octals, sexagesimals and yes/no/on/off booleans.
   */
  static final class TextScalars extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(
          Tag.BOOL,
          java.util.regex.Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"),
          "tTfF");
      addImplicitResolver(
          Tag.NULL, java.util.regex.Pattern.compile("^(?:~|null|Null|NULL| )$"), "~nN\0");
      addImplicitResolver(Tag.NULL, java.util.regex.Pattern.compile("^$"), null);
    }
  }
}
