package orchestrator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import orchestrator.testing.Api;
import orchestrator.testing.Contract;
import orchestrator.testing.Deployments;
import orchestrator.testing.Problems;
import orchestrator.testing.Tokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may call what (§4), problem+json for every error the container or JAX-RS raises (§5), and the
 * OpenAPI document that says so for every operation of the contract (§10).
 */
@ExtendWith(ArquillianExtension.class)
class SecurityIT {
  private static final List<String> ROLES = List.of("producer", "operator", "admin");

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.war();
  }

  @ArquillianResource URL url;

  /** One endpoint: the roles that may call it, and how to build a request that then succeeds. */
  record Endpoint(String name, Set<String> allowed, Function<Api, Api.Call> request) {}

  @Test
  void everyEndpointAnswers401WithoutToken403WithoutRoleAnd2xxWithIt() {
    Api api = new Api(url);
    String admin = Tokens.of("security-admin", "admin");
    create(api, admin, "sec-target");
    String messageId = submit(api, Tokens.of("sec-producer", "producer")).json().getString("id");

    List<Endpoint> endpoints =
        List.of(
            new Endpoint(
                "POST /api/messages",
                Set.of("producer", "admin"),
                a ->
                    a.post("/api/messages")
                        .header("Event-Type", "sec.test")
                        .header("Event-Destinations", "sec-target")
                        .json("{}")),
            new Endpoint(
                "GET /api/messages/{id}",
                Set.of("producer", "operator", "admin"),
                a -> a.get("/api/messages/" + messageId)),
            new Endpoint(
                "GET /api/messages/{id}/payload",
                Set.of("producer", "operator", "admin"),
                a -> a.get("/api/messages/" + messageId + "/payload")),
            new Endpoint("GET /api/nodes", Set.of("operator", "admin"), a -> a.get("/api/nodes")),
            new Endpoint(
                "GET /api/nodes/{id}",
                Set.of("operator", "admin"),
                a -> a.get("/api/nodes/sec-target")),
            new Endpoint(
                "POST /api/nodes",
                Set.of("admin"),
                a ->
                    a.post("/api/nodes")
                        .json(node("sec-" + UUID.randomUUID().toString().substring(0, 8)))),
            new Endpoint(
                "PUT /api/nodes/{id}",
                Set.of("admin"),
                a -> a.put("/api/nodes/sec-target").json(node("sec-target"))),
            new Endpoint(
                "DELETE /api/nodes/{id}",
                Set.of("admin"),
                a ->
                    a.delete(
                        "/api/nodes/"
                            + create(
                                a,
                                admin,
                                "sec-del-" + UUID.randomUUID().toString().substring(0, 8)))),
            new Endpoint(
                "POST /api/nodes/{id}/pause",
                Set.of("operator", "admin"),
                a -> a.post("/api/nodes/sec-target/pause")),
            new Endpoint(
                "POST /api/nodes/{id}/resume",
                Set.of("operator", "admin"),
                a -> a.post("/api/nodes/sec-target/resume")));

    List<String> wrong = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      // the producer reading a message is the one who submitted it
      Api.Reply anonymous = endpoint.request().apply(api).send();
      if (anonymous.status() != 401)
        wrong.add(endpoint.name() + " without token: " + anonymous.status());
      else Problems.assertProblem(anonymous, 401);
      for (String role : ROLES) {
        String subject = role.equals("producer") ? "sec-producer" : "sec-" + role;
        Api.Reply reply = endpoint.request().apply(api).token(Tokens.of(subject, role)).send();
        boolean allowed = endpoint.allowed().contains(role);
        if (allowed && (reply.status() < 200 || reply.status() > 299))
          wrong.add(endpoint.name() + " as " + role + ": " + reply);
        if (!allowed) {
          if (reply.status() != 403)
            wrong.add(endpoint.name() + " as " + role + " (not allowed): " + reply.status());
          else Problems.assertProblem(reply, 403);
        }
      }
    }
    assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
  }

  @Test
  void badTokensAreRejectedWith401() {
    Api api = new Api(url);
    for (String token :
        List.of(
            Tokens.expired("x", "admin"),
            Tokens.wrongIssuer("x", "admin"),
            Tokens.foreignKey("x", "admin"),
            "not-a-jwt",
            Tokens.of("x", "admin").replaceAll(".$", "A").replaceAll(".{5}$", "AAAAA"))) {
      Problems.assertProblem(api.get("/api/nodes").token(token).send(), 401);
    }
    Problems.assertProblem(api.get("/api/nodes").header("Authorization", "Basic YTpi").send(), 401);
  }

  @Test
  void aTokenAcceptedBeforeItExpiredIsRefusedOnceItHas() throws Exception {
    Api api = new Api(url);
    assertEquals(
        200,
        api.get("/api/nodes")
            .token(Tokens.of("sec-warm-up", "admin"))
            .send()
            .status()); // a first request may be slow
    Instant expiry = Instant.now().plusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    String token = Tokens.expiringAt(expiry, "sec-expiring", "admin");
    assertEquals(200, api.get("/api/nodes").token(token).send().status());
    assertEquals(
        200,
        api.get("/api/nodes").token(token).send().status(),
        "the same token again, verified before");
    Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1_000);
    Problems.assertProblem(api.get("/api/nodes").token(token).send(), 401);
  }

  @Test
  void aTokenWithoutAnyRoleIsForbidden() {
    Problems.assertProblem(new Api(url).get("/api/nodes").token(Tokens.of("nobody")).send(), 403);
  }

  @Test
  void unknownUrlsWrongMethodsAndMediaTypesAreProblems() {
    Api api = new Api(url);
    String admin = Tokens.of("security-admin", "admin");
    Problems.assertProblem(api.get("/api/no-such-thing").token(admin).send(), 404);
    Problems.assertProblem(api.get("/no-such-page").send(), 404);
    Problems.assertProblem(api.get("/api/nodes/no-such-node").token(admin).send(), 404);
    Problems.assertProblem(api.get("/api/messages/" + UUID.randomUUID()).token(admin).send(), 404);
    Problems.assertProblem(api.get("/api/messages/not-a-uuid").token(admin).send(), 404);
    Api.Reply notAllowed = api.delete("/api/messages").token(admin).send();
    Problems.assertProblem(notAllowed, 405);
    assertEquals("POST, OPTIONS", notAllowed.header("Allow"), notAllowed::toString);
    Api.Reply options = api.call("OPTIONS", "/api/messages").token(admin).send();
    assertEquals(200, options.status(), options::toString);
    assertEquals("POST, OPTIONS", options.header("Allow"), options::toString);
    Api.Reply unsupported =
        api.post("/api/nodes")
            .token(admin)
            .header("Content-Type", "text/plain")
            .body("id=x".getBytes())
            .send();
    Problems.assertProblem(unsupported, 415);
  }

  @Test
  void aBodyThatIsNotJsonIsA400NamingTheBody() {
    Api api = new Api(url);
    Problems.assertFieldError(
        api.post("/api/nodes").token(Tokens.of("a", "admin")).json("{not json").send(),
        400,
        "body");
    Problems.assertFieldError(
        api.post("/api/nodes").token(Tokens.of("a", "admin")).json("[1,2]").send(), 400, "body");
  }

  @Test
  void theOpenApiDocumentHasEveryOperationOfTheContractWithItsSecurityRolesAndResponses()
      throws Exception {
    JsonObject document = openApi();
    List<Contract.Operation> contract = Contract.operations();
    assertFalse(contract.isEmpty(), "no operation found in " + Contract.file().toAbsolutePath());
    Map<String, JsonObject> documented = operations(document);

    List<String> wrong = new ArrayList<>();
    for (Contract.Operation expected : contract) {
      JsonObject operation = documented.get(expected.name());
      if (operation == null) {
        wrong.add(expected.name() + ": not documented");
        continue;
      }
      if (!requiresBearerJwt(document, operation))
        wrong.add(expected.name() + ": no bearer-JWT security requirement");
      JsonObject responses = operation.getJsonObject("responses");
      if (responses.keySet().stream().noneMatch(code -> code.startsWith("2")))
        wrong.add(expected.name() + ": no 2xx response");
      Set<Integer> statuses = new TreeSet<>(expected.statuses());
      statuses.addAll(Set.of(401, 403)); // §4, for every /api call
      for (int status : statuses) {
        JsonObject response =
            responses.containsKey(String.valueOf(status))
                ? resolve(document, responses.getJsonObject(String.valueOf(status)))
                : null;
        if (response == null) wrong.add(expected.name() + ": no " + status + " response");
        else if (status >= 400 && !isProblem(document, response))
          wrong.add(
              expected.name()
                  + ": "
                  + status
                  + " is not application/problem+json with the Problem schema");
      }
      Set<String> roles = roles(operation);
      if (roles.isEmpty()) wrong.add(expected.name() + ": no x-roles");
      else if (!expected.roles().isEmpty() && !roles.equals(expected.roles()))
        wrong.add(
            expected.name() + ": x-roles " + roles + ", the contract says " + expected.roles());
      if (!operation
          .getString("description", "")
          .contains("Roles: " + String.join(", ", rolesInOrder(operation)))) {
        wrong.add(expected.name() + ": the description does not name its roles");
      }
      Matcher template = Pattern.compile("\\{(\\w+)}").matcher(expected.path());
      while (template.find()) {
        String name = template.group(1);
        boolean declared =
            operation.getJsonArray("parameters") != null
                && operation.getJsonArray("parameters").getValuesAs(JsonObject.class).stream()
                    .anyMatch(
                        p ->
                            p.getString("name").equals(name)
                                && p.getString("in").equals("path")
                                && p.getBoolean("required", false));
        if (!declared) wrong.add(expected.name() + ": no required path parameter " + name);
      }
    }
    Set<String> inContract =
        contract.stream().map(Contract.Operation::name).collect(Collectors.toSet());
    documented.keySet().stream()
        .filter(name -> !inContract.contains(name))
        .forEach(name -> wrong.add(name + ": documented, but not in the contract"));
    assertTrue(wrong.isEmpty(), () -> String.join("\n", wrong));
  }

  @Test
  void everyReferenceInTheOpenApiDocumentResolves() {
    JsonObject document = openApi();
    List<String> unresolved = new ArrayList<>();
    references(document)
        .forEach(
            ref -> {
              if (pointer(document, ref) == null) unresolved.add(ref);
            });
    assertTrue(unresolved.isEmpty(), () -> "unresolved: " + unresolved);
  }

  /** GET /openapi as JSON. */
  private JsonObject openApi() {
    Api.Reply reply = new Api(url).get("/openapi").header("Accept", "application/json").send();
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  /** "METHOD /api/..." of every operation under /api, the server's path (if any) put in front. */
  private static Map<String, JsonObject> operations(JsonObject document) {
    JsonArray servers = document.getJsonArray("servers");
    String prefix =
        servers == null || servers.isEmpty()
            ? ""
            : URI.create(servers.getJsonObject(0).getString("url")).getPath().replaceAll("/+$", "");
    Map<String, JsonObject> operations = new TreeMap<>();
    document
        .getJsonObject("paths")
        .forEach(
            (path, item) -> {
              String full = prefix + path;
              if (!full.startsWith("/api/")) return;
              item.asJsonObject()
                  .forEach(
                      (method, operation) -> {
                        if (Set.of("get", "put", "post", "delete", "patch", "head", "options")
                            .contains(method))
                          operations.put(
                              method.toUpperCase() + " " + full, operation.asJsonObject());
                      });
            });
    return operations;
  }

  /** Its own security requirements, or the document's; each one naming only HTTP bearer schemes. */
  private static boolean requiresBearerJwt(JsonObject document, JsonObject operation) {
    JsonArray requirements =
        operation.containsKey("security")
            ? operation.getJsonArray("security")
            : document.getJsonArray("security");
    if (requirements == null || requirements.isEmpty()) return false;
    JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
    for (JsonObject requirement : requirements.getValuesAs(JsonObject.class)) {
      if (requirement.isEmpty()) return false; // an empty requirement would make the token optional
      for (String name : requirement.keySet()) {
        JsonObject scheme = schemes == null ? null : schemes.getJsonObject(name);
        if (scheme == null
            || !"http".equals(scheme.getString("type", ""))
            || !"bearer".equalsIgnoreCase(scheme.getString("scheme", ""))) return false;
      }
    }
    return true;
  }

  private static boolean isProblem(JsonObject document, JsonObject response) {
    JsonObject content = response.getJsonObject("content");
    JsonObject problem = content == null ? null : content.getJsonObject("application/problem+json");
    JsonObject schema =
        problem == null || problem.getJsonObject("schema") == null
            ? null
            : resolve(document, problem.getJsonObject("schema"));
    JsonObject properties = schema == null ? null : schema.getJsonObject("properties");
    return properties != null
        && properties.keySet().containsAll(Set.of("type", "title", "status", "detail", "errors"));
  }

  /** x-roles: "operator, admin" or ["operator", "admin"]. */
  private static List<String> rolesInOrder(JsonObject operation) {
    JsonValue roles = operation.get("x-roles");
    if (roles instanceof JsonString text)
      return Arrays.stream(text.getString().split(","))
          .map(String::strip)
          .filter(r -> !r.isEmpty())
          .toList();
    if (roles instanceof JsonArray list)
      return list.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    return List.of();
  }

  private static Set<String> roles(JsonObject operation) {
    return new TreeSet<>(rolesInOrder(operation));
  }

  /** The object itself, or what its $ref points to. */
  private static JsonObject resolve(JsonObject document, JsonObject object) {
    for (int hops = 0; object != null && object.containsKey("$ref") && hops < 10; hops++) {
      JsonValue target = pointer(document, object.getString("$ref"));
      object = target instanceof JsonObject o ? o : null;
    }
    return object;
  }

  /** A local reference ("#/components/schemas/Message"), or null when it points nowhere. */
  private static JsonValue pointer(JsonObject document, String ref) {
    if (!ref.startsWith("#/")) return null;
    JsonValue node = document;
    for (String token : ref.substring(2).split("/")) {
      String key = token.replace("~1", "/").replace("~0", "~");
      if (!(node instanceof JsonObject object) || !object.containsKey(key)) return null;
      node = object.get(key);
    }
    return node;
  }

  private static List<String> references(JsonValue value) {
    List<String> refs = new ArrayList<>();
    if (value instanceof JsonObject object) {
      object.forEach(
          (key, child) -> {
            if (key.equals("$ref") && child instanceof JsonString ref) refs.add(ref.getString());
            else refs.addAll(references(child));
          });
    } else if (value instanceof JsonArray array) {
      array.forEach(child -> refs.addAll(references(child)));
    }
    return refs;
  }

  private static String create(Api api, String admin, String id) {
    Api.Reply reply = api.put("/api/nodes/" + id).token(admin).json(node(id)).send();
    assertTrue(reply.status() == 200 || reply.status() == 201, reply::toString);
    return id;
  }

  private static Api.Reply submit(Api api, String token) {
    Api.Reply reply =
        api.post("/api/messages")
            .token(token)
            .header("Event-Type", "sec.test")
            .header("Event-Destinations", "sec-target")
            .json("{}")
            .send();
    assertEquals(201, reply.status(), reply::toString);
    return reply;
  }

  private static String node(String id) {
    return "{\"id\":\""
        + id
        + "\",\"endpoint\":\"http://127.0.0.1:9/"
        + id
        + "\",\"eventTypes\":[\"sec.*\"]}";
  }
}
