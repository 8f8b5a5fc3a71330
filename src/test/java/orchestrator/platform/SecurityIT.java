package orchestrator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import orchestrator.testing.Api;
import orchestrator.testing.Deployments;
import orchestrator.testing.Problems;
import orchestrator.testing.Tokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may call what (§4), and problem+json for every error the container or JAX-RS raises (§5). */
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
            new Endpoint("POST /api/messages", Set.of("producer", "admin"), a -> a.post("/api/messages").header("Event-Type", "sec.test").header("Event-Destinations", "sec-target").json("{}")),
            new Endpoint("GET /api/messages/{id}", Set.of("producer", "operator", "admin"), a -> a.get("/api/messages/" + messageId)),
            new Endpoint("GET /api/messages/{id}/payload", Set.of("producer", "operator", "admin"), a -> a.get("/api/messages/" + messageId + "/payload")),
            new Endpoint("GET /api/nodes", Set.of("operator", "admin"), a -> a.get("/api/nodes")),
            new Endpoint("GET /api/nodes/{id}", Set.of("operator", "admin"), a -> a.get("/api/nodes/sec-target")),
            new Endpoint("POST /api/nodes", Set.of("admin"), a -> a.post("/api/nodes").json(node("sec-" + UUID.randomUUID().toString().substring(0, 8)))),
            new Endpoint("PUT /api/nodes/{id}", Set.of("admin"), a -> a.put("/api/nodes/sec-target").json(node("sec-target"))),
            new Endpoint("DELETE /api/nodes/{id}", Set.of("admin"), a -> a.delete("/api/nodes/" + create(a, admin, "sec-del-" + UUID.randomUUID().toString().substring(0, 8)))),
            new Endpoint("POST /api/nodes/{id}/pause", Set.of("operator", "admin"), a -> a.post("/api/nodes/sec-target/pause")),
            new Endpoint("POST /api/nodes/{id}/resume", Set.of("operator", "admin"), a -> a.post("/api/nodes/sec-target/resume")));

    List<String> wrong = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      // the producer reading a message is the one who submitted it
      Api.Reply anonymous = endpoint.request().apply(api).send();
      if (anonymous.status() != 401) wrong.add(endpoint.name() + " without token: " + anonymous.status());
      else Problems.assertProblem(anonymous, 401);
      for (String role : ROLES) {
        String subject = role.equals("producer") ? "sec-producer" : "sec-" + role;
        Api.Reply reply = endpoint.request().apply(api).token(Tokens.of(subject, role)).send();
        boolean allowed = endpoint.allowed().contains(role);
        if (allowed && (reply.status() < 200 || reply.status() > 299)) wrong.add(endpoint.name() + " as " + role + ": " + reply);
        if (!allowed) {
          if (reply.status() != 403) wrong.add(endpoint.name() + " as " + role + " (not allowed): " + reply.status());
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
    Api.Reply unsupported = api.post("/api/nodes").token(admin).header("Content-Type", "text/plain").body("id=x".getBytes()).send();
    Problems.assertProblem(unsupported, 415);
  }

  @Test
  void aBodyThatIsNotJsonIsA400NamingTheBody() {
    Api api = new Api(url);
    Problems.assertFieldError(api.post("/api/nodes").token(Tokens.of("a", "admin")).json("{not json").send(), 400, "body");
    Problems.assertFieldError(api.post("/api/nodes").token(Tokens.of("a", "admin")).json("[1,2]").send(), 400, "body");
  }

  private static String create(Api api, String admin, String id) {
    Api.Reply reply = api.put("/api/nodes/" + id).token(admin).json(node(id)).send();
    assertTrue(reply.status() == 200 || reply.status() == 201, reply::toString);
    return id;
  }

  private static Api.Reply submit(Api api, String token) {
    Api.Reply reply = api.post("/api/messages").token(token).header("Event-Type", "sec.test").header("Event-Destinations", "sec-target").json("{}").send();
    assertEquals(201, reply.status(), reply::toString);
    return reply;
  }

  private static String node(String id) {
    return "{\"id\":\"" + id + "\",\"endpoint\":\"http://127.0.0.1:9/" + id + "\",\"eventTypes\":[\"sec.*\"]}";
  }
}
