package orchestrator.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir Path root;

  private Path write(String relative, String yaml) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return file;
  }

  private static Function<String, String> variables(String... pairs) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) map.put(pairs[i], pairs[i + 1]);
    return map::get;
  }

  private ConfigFile read(String yaml) throws IOException {
    write("conf/a.yaml", yaml);
    return ConfigFile.read(variables("PYC_ROOT", root.toString(), "PYC_CONFIG", "/conf/a.yaml"));
  }

  @Test
  void nestedKeysFlattenWithDots() throws IOException {
    ConfigFile file =
        read("delivery:\n  retry:\n    max: 3\n  batch: 50\nintake:\n  max-bytes: 2048\n");

    assertEquals(
        Map.of("delivery.retry.max", "3", "delivery.batch", "50", "intake.max-bytes", "2048"),
        file.properties());
  }

  @Test
  void scalarsKeepTheTextThatWasWrittenInsteadOfYaml11Readings() throws IOException {
    ConfigFile file =
        read(
            "delivery:\n  batch: 010\n  interval: 0.10\n  timeout: 1:30\n  retry:\n    max: 1e3\non: 5\n");

    assertEquals("010", file.properties().get("delivery.batch"), "not octal 8");
    assertEquals("0.10", file.properties().get("delivery.interval"));
    assertEquals("1:30", file.properties().get("delivery.timeout"), "not sexagesimal 90");
    assertEquals("1e3", file.properties().get("delivery.retry.max"));
    assertEquals("5", file.properties().get("on"), "'on' is a key, not the boolean true");
  }

  @Test
  void nodeFlagsAreStillBooleans() throws IOException {
    ConfigFile file = read("nodes:\n  - id: a\n    enabled: false\n    paused: true\n");

    assertEquals(Boolean.FALSE, file.nodes().get(0).get("enabled"));
    assertEquals(Boolean.TRUE, file.nodes().get(0).get("paused"));
  }

  @Test
  void flowStyleMappingsFlattenToo() throws IOException {
    assertEquals(
        Map.of("delivery.retry.max", "3"), read("delivery: {retry: {max: 3}}\n").properties());
  }

  @Test
  void decimalValuesAreKeptAsTheirText() throws IOException {
    ConfigFile file = read("delivery:\n  interval: 0.5\n  timeout: 1.25\n");

    assertEquals("0.5", file.properties().get("delivery.interval"));
    assertEquals("1.25", file.properties().get("delivery.timeout"));
  }

  @Test
  void stringsAndBooleansAreKeptAsText() throws IOException {
    ConfigFile file =
        read("db:\n  url: \"jdbc:postgresql://db:5432/orch\"\nfeature:\n  enabled: true\n");

    assertEquals("jdbc:postgresql://db:5432/orch", file.properties().get("db.url"));
    assertEquals("true", file.properties().get("feature.enabled"));
  }

  @Test
  void listsBecomeCommaSeparatedValues() throws IOException {
    ConfigFile file = read("mp:\n  jwt:\n    roles: [producer, admin, reader]\n");

    assertEquals("producer,admin,reader", file.properties().get("mp.jwt.roles"));
  }

  @Test
  void commasInsideListItemsAreEscaped() throws IOException {
    ConfigFile file = read("things:\n  - \"a,b\"\n  - c\n");

    assertEquals("a\\,b,c", file.properties().get("things"));
  }

  @Test
  void nullValuesContributeNoProperty() throws IOException {
    ConfigFile file = read("delivery:\n  batch:\n  workers: 2\n");

    assertEquals(Map.of("delivery.workers", "2"), file.properties());
  }

  @Test
  void nodesAreKeptApartAsAListOfMaps() throws IOException {
    ConfigFile file =
        read(
            "delivery:\n  batch: 5\n"
                + "nodes:\n"
                + "  - id: billing\n    endpoint: https://billing.example/hook\n    eventTypes: [\"order.*\"]\n"
                + "  - id: audit\n    endpoint: http://audit.example/in\n    auth:\n      type: bearer\n      token: t0k\n");

    assertEquals(Map.of("delivery.batch", "5"), file.properties());
    assertTrue(file.properties().keySet().stream().noneMatch(key -> key.startsWith("nodes")));
    assertEquals(2, file.nodes().size());
    Map<String, Object> billing = file.nodes().get(0);
    assertEquals("billing", billing.get("id"));
    assertEquals("https://billing.example/hook", billing.get("endpoint"));
    assertEquals(List.of("order.*"), billing.get("eventTypes"));
    Map<String, Object> audit = file.nodes().get(1);
    assertEquals("audit", audit.get("id"));
    assertEquals(Map.of("type", "bearer", "token", "t0k"), audit.get("auth"));
  }

  @Test
  void anEmptyNodesKeyMeansNoNodes() throws IOException {
    assertEquals(List.of(), read("nodes:\n").nodes());
  }

  @Test
  void nodesThatAreNotAListAreRejected() throws IOException {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> read("nodes:\n  id: billing\n"));

    assertTrue(e.getMessage().contains("nodes"), e.getMessage());
    assertTrue(e.getMessage().contains(root.resolve("conf/a.yaml").toString()), e.getMessage());
  }

  @Test
  void aNodeThatIsNotAMappingIsRejectedWithItsIndex() throws IOException {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> read("nodes:\n  - id: billing\n  - just-a-string\n"));

    assertTrue(e.getMessage().contains("nodes[1]"), e.getMessage());
  }

  @Test
  void theFileIsPycRootJoinedWithPycConfig() throws IOException {
    Path expected = write("conf/a.yaml", "delivery:\n  batch: 7\n");

    ConfigFile file =
        ConfigFile.read(variables("PYC_ROOT", root.toString(), "PYC_CONFIG", "/conf/a.yaml"));

    assertEquals(expected, file.path());
    assertEquals("7", file.properties().get("delivery.batch"));
  }

  @Test
  void rootAndConfigJoinEvenWhenTheConfigIsAbsolute() {
    assertEquals(Path.of("/tmp/x/conf/a.yaml"), ConfigFile.resolve("/tmp/x", "/conf/a.yaml"));
    assertEquals(Path.of("/tmp/x/conf/a.yaml"), ConfigFile.resolve("/tmp/x/", "conf/a.yaml"));
    assertEquals(Path.of("/conf/a.yaml"), ConfigFile.resolve("/", "/conf/a.yaml"));
    assertEquals(Path.of("/conf/a.yaml"), ConfigFile.resolve("", "/conf/a.yaml"));
  }

  @Test
  void pycRootAloneUsesTheDefaultConfigPathBelowIt() throws IOException {
    Path expected = write("config/application.yaml", "intake:\n  max-bytes: 10\n");

    ConfigFile file = ConfigFile.read(variables("PYC_ROOT", root.toString()));

    assertEquals(expected, file.path());
    assertEquals("10", file.properties().get("intake.max-bytes"));
  }

  @Test
  void aMissingFileNamedByPycConfigIsAnErrorNamingThePath() {
    Path missing = root.resolve("nowhere/missing.yaml");

    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> ConfigFile.read(variables("PYC_CONFIG", missing.toString())));

    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void aMissingFileBelowPycRootIsAnErrorNamingThePath() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> ConfigFile.read(variables("PYC_ROOT", root.toString())));

    assertTrue(
        e.getMessage().contains(root.resolve("config/application.yaml").toString()),
        e.getMessage());
  }

  @Test
  void withoutVariablesAnAbsentDefaultFileMeansNoConfiguration() {
    assumeFalse(
        Files.exists(Path.of("/config/application.yaml")),
        "the default configuration file exists on this machine");

    ConfigFile file = ConfigFile.read(name -> null);

    assertNull(file.path());
    assertEquals(Map.of(), file.properties());
    assertEquals(List.of(), file.nodes());
  }

  @Test
  void anEmptyFileMeansNoProperties() throws IOException {
    ConfigFile file = read("");

    assertEquals(root.resolve("conf/a.yaml"), file.path());
    assertEquals(Map.of(), file.properties());
    assertEquals(List.of(), file.nodes());
  }

  @Test
  void malformedYamlIsAnErrorNamingThePath() throws IOException {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> read("delivery:\n  batch: [1, 2\n  workers: 3\n"));

    assertTrue(e.getMessage().contains(root.resolve("conf/a.yaml").toString()), e.getMessage());
  }

  @Test
  void aTopLevelScalarIsRejected() throws IOException {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> read("just a string\n"));

    assertTrue(e.getMessage().contains(root.resolve("conf/a.yaml").toString()), e.getMessage());
  }

  @Test
  void aTopLevelListIsRejected() throws IOException {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("- a\n- b\n"));

    assertTrue(e.getMessage().contains(root.resolve("conf/a.yaml").toString()), e.getMessage());
  }

  @Test
  void yamlTagsThatWouldBuildJavaObjectsAreRejected() throws IOException {
    assertThrows(ConfigurationException.class, () -> read("x: !!java.io.File [\"/etc/passwd\"]\n"));
  }

  @Test
  void theYamlSourceRanksBetweenMicroprofilePropertiesAndTheEnvironment() {
    assertTrue(YamlConfigSource.ORDINAL > 100, "above microprofile-config.properties (100)");
    assertTrue(YamlConfigSource.ORDINAL < 300, "below environment variables (300)");
  }
}
