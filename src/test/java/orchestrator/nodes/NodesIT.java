package orchestrator.nodes;

import static orchestrator.testing.Problems.assertFieldError;
import static orchestrator.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import orchestrator.testing.Api;
import orchestrator.testing.Deployments;
import orchestrator.testing.TestEnvironment;
import orchestrator.testing.Tokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node registry (§8), the nodes of the YAML file, and the schema migrated on an empty database.
 */
@ExtendWith(ArquillianExtension.class)
class NodesIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.war();
  }

  @ArquillianResource URL url;

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final String admin = Tokens.of("nodes-admin", "admin");

  @Test
  void aNodeIsCreatedReadReplacedAndDeleted() {
    Api api = new Api(url);
    String id = "crud-" + run;
    Api.Reply created =
        api.post("/api/nodes")
            .token(admin)
            .json(
                "{\"id\":\""
                    + id
                    + "\",\"endpoint\":\"https://node.example/in\",\"enabled\":false}")
            .send();
    assertEquals(201, created.status(), created::toString);
    assertEquals("/api/nodes/" + id, created.header("Location"));
    JsonObject node = created.json();
    assertEquals(id, node.getString("name"), "name defaults to the id");
    assertFalse(node.getBoolean("enabled"));
    assertFalse(node.getBoolean("paused"));
    assertEquals("[\"*\"]", node.getJsonArray("eventTypes").toString());
    assertEquals("none", node.getJsonObject("auth").getString("type"));
    assertTrue(node.isNull("secret"));

    assertProblem(
        api.post("/api/nodes")
            .token(admin)
            .json("{\"id\":\"" + id + "\",\"endpoint\":\"https://node.example/in\"}")
            .send(),
        409);

    Api.Reply replaced =
        api.put("/api/nodes/" + id)
            .token(admin)
            .json(
                "{\"name\":\"Node C\",\"endpoint\":\"http://other.example:8080/x\",\"enabled\":false,\"eventTypes\":[\"a.*\",\"b\"]}")
            .send();
    assertEquals(200, replaced.status(), replaced::toString);
    JsonObject read = api.get("/api/nodes/" + id).token(Tokens.of("ops", "operator")).send().json();
    assertEquals("Node C", read.getString("name"));
    assertEquals("http://other.example:8080/x", read.getString("endpoint"));
    assertEquals(
        List.of("a.*", "b"),
        read.getJsonArray("eventTypes").getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString)
            .toList());

    Api.Reply putNew =
        api.put("/api/nodes/" + id + "-new")
            .token(admin)
            .json("{\"endpoint\":\"http://n.example/\",\"enabled\":false}")
            .send();
    assertEquals(201, putNew.status(), "PUT creates a node that does not exist");

    assertEquals(204, api.delete("/api/nodes/" + id).token(admin).send().status());
    assertProblem(api.get("/api/nodes/" + id).token(admin).send(), 404);
    assertProblem(api.delete("/api/nodes/" + id).token(admin).send(), 404);
    assertEquals(204, api.delete("/api/nodes/" + id + "-new").token(admin).send().status());
  }

  @Test
  void invalidNodesAreRefusedWith400NamingEachField() {
    Api api = new Api(url);
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json("{\"id\":\"Upper\",\"endpoint\":\"http://x.example/\"}")
            .send(),
        400,
        "id");
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json("{\"id\":\"" + "a".repeat(65) + "\",\"endpoint\":\"http://x.example/\"}")
            .send(),
        400,
        "id");
    assertFieldError(
        api.post("/api/nodes").token(admin).json("{\"endpoint\":\"http://x.example/\"}").send(),
        400,
        "id");
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json("{\"id\":\"e-" + run + "\",\"endpoint\":\"ftp://x.example/\"}")
            .send(),
        400,
        "endpoint");
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json("{\"id\":\"e-" + run + "\",\"endpoint\":\"/relative\"}")
            .send(),
        400,
        "endpoint");
    assertFieldError(
        api.post("/api/nodes").token(admin).json("{\"id\":\"e-" + run + "\"}").send(),
        400,
        "endpoint");
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json(
                "{\"id\":\"e-"
                    + run
                    + "\",\"endpoint\":\"http://x.example/\",\"auth\":{\"type\":\"bearer\"}}")
            .send(),
        400,
        "auth.token");
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json(
                "{\"id\":\"e-"
                    + run
                    + "\",\"endpoint\":\"http://x.example/\",\"auth\":{\"type\":\"basic\",\"username\":\"u\"}}")
            .send(),
        400,
        "auth.password");
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json(
                "{\"id\":\"e-"
                    + run
                    + "\",\"endpoint\":\"http://x.example/\",\"auth\":{\"type\":\"header\",\"value\":\"v\"}}")
            .send(),
        400,
        "auth.name");
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json(
                "{\"id\":\"e-"
                    + run
                    + "\",\"endpoint\":\"http://x.example/\",\"auth\":{\"type\":\"magic\"}}")
            .send(),
        400,
        "auth.type");
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json("{\"id\":\"e-" + run + "\",\"endpoint\":\"http://x.example/\",\"eventTypes\":[]}")
            .send(),
        400,
        "eventTypes");
    assertFieldError(
        api.post("/api/nodes")
            .token(admin)
            .json(
                "{\"id\":\"e-" + run + "\",\"endpoint\":\"http://x.example/\",\"enabled\":\"yes\"}")
            .send(),
        400,
        "enabled");
    JsonObject both =
        assertFieldError(
            api.post("/api/nodes")
                .token(admin)
                .json("{\"id\":\"BAD\",\"endpoint\":\"nope\"}")
                .send(),
            400,
            "id");
    assertEquals(2, both.getJsonArray("errors").size(), "every invalid field is reported at once");
    assertFieldError(
        api.put("/api/nodes/e-" + run)
            .token(admin)
            .json("{\"id\":\"other\",\"endpoint\":\"http://x.example/\"}")
            .send(),
        400,
        "id");
    assertProblem(api.get("/api/nodes/e-" + run).token(admin).send(), 404);
  }

  @Test
  void secretsAreStoredButNeverReturned() throws Exception {
    Api api = new Api(url);
    String id = "secret-" + run;
    String body =
        "{\"id\":\""
            + id
            + "\",\"endpoint\":\"http://x.example/\",\"enabled\":false,\"auth\":{\"type\":\"basic\",\"username\":\"user\",\"password\":\"pa55-word\"},\"secret\":\"whsec_c2VjcmV0LWtleQ==\"}";
    Api.Reply created = api.post("/api/nodes").token(admin).json(body).send();
    assertEquals(201, created.status(), created::toString);
    for (Api.Reply reply :
        List.of(
            created,
            api.get("/api/nodes/" + id).token(admin).send(),
            api.get("/api/nodes").token(admin).send())) {
      assertFalse(
          reply.text().contains("pa55-word") || reply.text().contains("whsec_"), reply::toString);
    }
    JsonObject shown = api.get("/api/nodes/" + id).token(admin).send().json();
    assertEquals("***", shown.getJsonObject("auth").getString("password"));
    assertEquals("user", shown.getJsonObject("auth").getString("username"));
    assertEquals("***", shown.getString("secret"));

    // what GET shows can be PUT back: "***" keeps the stored secrets
    String shownBack =
        shown
            .toString()
            .replace("\"name\":\"" + id + "\"", "\"name\":\"renamed\"")
            .replaceAll(",\"pending\":\\d+,\"frozen\":\\d+", "");
    assertEquals(200, api.put("/api/nodes/" + id).token(admin).json(shownBack).send().status());
    assertEquals(List.of("pa55-word", "whsec_c2VjcmV0LWtleQ=="), storedSecrets(id));

    // "***" cannot keep a secret of another auth type, nor one that was never stored
    String otherType =
        "{\"endpoint\":\"http://x.example/\",\"enabled\":false,\"auth\":{\"type\":\"header\",\"name\":\"X-Key\",\"value\":\"***\"},\"secret\":\"***\"}";
    assertFieldError(
        api.put("/api/nodes/" + id).token(admin).json(otherType).send(), 400, "auth.value");
    assertFieldError(
        api.put("/api/nodes/fresh-" + id).token(admin).json(otherType).send(), 400, "secret");
    assertEquals(
        List.of("pa55-word", "whsec_c2VjcmV0LWtleQ=="),
        storedSecrets(id),
        "a refused request changes nothing");
  }

  @Test
  void theListShowsPendingAndFrozenCountsAndDeletingANodeFreezesItsPendingDeliveries() {
    Api api = new Api(url);
    String id = "count-" + run;
    assertEquals(
        201,
        api.post("/api/nodes")
            .token(admin)
            .json(
                "{\"id\":\""
                    + id
                    + "\",\"endpoint\":\"http://127.0.0.1:9/\",\"eventTypes\":[\"count."
                    + run
                    + "\"]}")
            .send()
            .status());
    api.post("/api/nodes/" + id + "/pause").token(admin).send();
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Api.Reply reply =
          api.post("/api/messages")
              .token(Tokens.of("count-producer", "producer"))
              .header("Event-Type", "count." + run)
              .json("{}")
              .send();
      assertEquals(201, reply.status(), reply::toString);
      messages.add(reply.header("Location"));
    }
    JsonObject listed =
        api.get("/api/nodes").token(Tokens.of("ops", "operator")).send().array().stream()
            .map(v -> v.asJsonObject())
            .filter(n -> n.getString("id").equals(id))
            .findFirst()
            .orElseThrow();
    assertEquals(3, listed.getInt("pending"));
    assertEquals(0, listed.getInt("frozen"));
    assertTrue(listed.getBoolean("paused"));

    assertEquals(204, api.delete("/api/nodes/" + id).token(admin).send().status());
    for (String location : messages) {
      JsonObject delivery =
          api.get(location).token(admin).send().json().getJsonArray("deliveries").getJsonObject(0);
      assertEquals("FROZEN", delivery.getString("status"));
      assertEquals("node deleted", delivery.getString("lastError"));
      assertFalse(delivery.isNull("frozenAt"));
    }
  }

  @Test
  void pauseAndResumeSetTheFlag() {
    Api api = new Api(url);
    String id = "pause-" + run;
    api.put("/api/nodes/" + id)
        .token(admin)
        .json("{\"endpoint\":\"http://x.example/\",\"enabled\":false}")
        .send();
    assertTrue(
        api.post("/api/nodes/" + id + "/pause")
            .token(Tokens.of("ops", "operator"))
            .send()
            .json()
            .getBoolean("paused"));
    assertFalse(
        api.post("/api/nodes/" + id + "/resume")
            .token(Tokens.of("ops", "operator"))
            .send()
            .json()
            .getBoolean("paused"));
    assertProblem(api.post("/api/nodes/no-such-" + run + "/pause").token(admin).send(), 404);
  }

  @Test
  void nodesOfTheYamlFileExistAfterStartUp() {
    JsonObject node = new Api(url).get("/api/nodes/yaml-node").token(admin).send().json();
    assertEquals("Declared in YAML", node.getString("name"));
    assertEquals("http://127.0.0.1:9/yaml", node.getString("endpoint"));
    assertEquals("header", node.getJsonObject("auth").getString("type"));
    assertEquals("X-Api-Key", node.getJsonObject("auth").getString("name"));
    assertEquals("***", node.getJsonObject("auth").getString("value"));
  }

  @Test
  void theSchemaWasMigratedOnTheEmptyTestDatabase() throws Exception {
    try (Connection connection = TestEnvironment.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "select version, success from flyway_schema_history where version is not null order by installed_rank")) {
      assertTrue(result.next(), "Flyway recorded its migrations");
      assertEquals("1", result.getString("version"));
      assertTrue(result.getBoolean("success"));
    }
  }

  private static List<String> storedSecrets(String id) throws Exception {
    try (Connection connection = TestEnvironment.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("select auth, secret from node where id = '" + id + "'")) {
      assertTrue(result.next());
      String auth = result.getString("auth");
      return List.of(
          jakarta.json.Json.createReader(new java.io.StringReader(auth))
              .readObject()
              .getString("password"),
          result.getString("secret"));
    }
  }
}
