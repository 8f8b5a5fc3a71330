package orchestrator.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import orchestrator.testing.PayaraProcess;
import orchestrator.testing.TestEnvironment;
import orchestrator.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up as an operator meets it: Payara Micro started with the plain command of the contract,
 * configured only through the environment. Bad configuration stops the deployment with a message
 * naming the file or the key; no configuration at all runs on the embedded database.
 */
class StartupIT {
  @TempDir Path work;

  @Test
  void withNothingConfiguredItRunsOnTheEmbeddedDatabaseAndSaysSo() throws Exception {
    try (PayaraProcess server = PayaraProcess.start(work, Map.of())) {
      String log = server.awaitBoot();
      assertTrue(log.contains("embedded H2 database"), "the log names the embedded database");
      HttpResponse<String> reply = server.get("/api/nodes");
      assertEquals(401, reply.statusCode(), "the API is deployed (and wants a token)");
      assertTrue(
          reply
              .headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("application/problem+json"));
    }
  }

  @Test
  void aPlainFilePathToTheJwtKeyIsEnoughToAcceptTokens() throws Exception {
    Map<String, String> environment =
        Map.of(
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            TestEnvironment.publicKey().toString(),
            "MP_JWT_VERIFY_ISSUER",
            TestEnvironment.ISSUER);
    try (PayaraProcess server = PayaraProcess.start(work, environment)) {
      server.awaitBoot();
      assertEquals(200, server.get("/api/nodes", Tokens.of("startup-admin", "admin")).statusCode());
      assertEquals(
          401, server.get("/api/nodes", Tokens.foreignKey("startup-admin", "admin")).statusCode());
    }
  }

  @Test
  void aMissingConfigurationFileNamedExplicitlyStopsStartUpNamingThePath() throws Exception {
    Path missing = work.resolve("no-such-dir/application.yaml");
    assertStartUpFails(Map.of("PYC_CONFIG", missing.toString()), missing.toString());
  }

  @Test
  void aMissingFileUnderPycRootStopsStartUpNamingThePath() throws Exception {
    assertStartUpFails(
        Map.of("PYC_ROOT", work.resolve("root").toString()),
        work.resolve("root/config/application.yaml").toString());
  }

  @Test
  void aMalformedYamlFileStopsStartUpNamingThePath() throws Exception {
    Path file = work.resolve("broken.yaml");
    Files.writeString(file, "delivery:\n  batch: [unclosed\n");
    assertStartUpFails(Map.of("PYC_CONFIG", file.toString()), file.toString());
  }

  @Test
  void anInvalidValueStopsStartUpNamingTheKeyAndTheValue() throws Exception {
    assertStartUpFails(Map.of("DELIVERY_RETRY_MAX", "-1"), "delivery.retry.max = '-1'");
  }

  @Test
  void anInvalidValueInTheYamlFileStopsStartUpNamingTheKey() throws Exception {
    Path file = work.resolve("bad-value.yaml");
    Files.writeString(file, "delivery:\n  startup:\n    workers: 0\n");
    assertStartUpFails(Map.of("PYC_CONFIG", file.toString()), "delivery.startup.workers = '0'");
  }

  @Test
  void anInvalidNodeInTheYamlFileStopsStartUpNamingTheField() throws Exception {
    Path file = work.resolve("bad-node.yaml");
    Files.writeString(file, "nodes:\n  - id: Bad Id\n    endpoint: http://127.0.0.1:9/\n");
    assertStartUpFails(Map.of("PYC_CONFIG", file.toString()), "nodes[0].id");
  }

  private void assertStartUpFails(Map<String, String> environment, String expectedInLog)
      throws Exception {
    try (PayaraProcess server = PayaraProcess.start(work, environment)) {
      String log = server.awaitBoot();
      assertTrue(
          log.contains("SEVERE") && log.contains(expectedInLog),
          () -> "the log names '" + expectedInLog + "':\n" + tail(log));
      assertEquals(404, server.get("/api/nodes").statusCode(), "the application is not deployed");
    }
  }

  private static String tail(String log) {
    return PayaraProcess.tail(log);
  }
}
