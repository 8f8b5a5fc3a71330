package orchestrator.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import orchestrator.platform.Problem;
import orchestrator.platform.ProblemException;
import org.junit.jupiter.api.Test;

class NodeJsonTest {

  /** Parses JSON written with single quotes for readability. */
  private static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text.replace('\'', '"')))) {
      return reader.readObject();
    }
  }

  private static Node read(String text) {
    return NodeJson.read(json(text), null);
  }

  private static Problem rejected(String text, String pathId) {
    ProblemException e =
        assertThrows(ProblemException.class, () -> NodeJson.read(json(text), pathId));
    assertEquals(400, e.problem().status());
    return e.problem();
  }

  private static Set<String> fieldsRejected(String text) {
    return fieldsOf(rejected(text, null));
  }

  private static Set<String> fieldsOf(Problem problem) {
    return problem.errors().stream().map(Problem.FieldError::field).collect(Collectors.toSet());
  }

  @Test
  void aMinimalNodeGetsTheDefaults() {
    Node node = read("{'id': 'billing', 'endpoint': 'https://billing.example/hook'}");

    assertEquals("billing", node.id());
    assertEquals("billing", node.name());
    assertEquals("https://billing.example/hook", node.endpoint());
    assertTrue(node.enabled());
    assertFalse(node.paused());
    assertEquals(List.of("*"), node.eventTypes());
    assertEquals(NodeAuth.NONE, node.auth());
    assertNull(node.secret());
  }

  @Test
  void everyFieldIsRead() {
    Node node =
        read(
            "{'id': 'billing-2', 'name': 'Billing', 'endpoint': 'http://billing:8080/in', 'enabled': false, 'paused': true,"
                + " 'eventTypes': ['order.*', 'invoice.paid'], 'auth': {'type': 'bearer', 'token': 't0k'}, 'secret': 's3cret'}");

    assertEquals(
        new Node(
            "billing-2",
            "Billing",
            "http://billing:8080/in",
            false,
            true,
            List.of("order.*", "invoice.paid"),
            new NodeAuth("bearer", "t0k", null, null, null, null),
            "s3cret"),
        node);
  }

  @Test
  void explicitNullsMeanTheDefaults() {
    Node node =
        read(
            "{'id': 'a', 'endpoint': 'http://a.example', 'name': null, 'enabled': null, 'paused': null, 'eventTypes': null, 'auth': null, 'secret': null}");

    assertEquals(
        new Node("a", "a", "http://a.example", true, false, List.of("*"), NodeAuth.NONE, null),
        node);
  }

  @Test
  void theReadOnlyCountersAreTolerated() {
    Node node = read("{'id': 'a', 'endpoint': 'http://a.example', 'pending': 3, 'frozen': 0}");

    assertEquals("a", node.id());
  }

  @Test
  void anUppercaseIdIsRejected() {
    assertEquals(Set.of("id"), fieldsRejected("{'id': 'Billing', 'endpoint': 'http://a.example'}"));
  }

  @Test
  void idsOfDotsAloneAreRejectedBecauseNoUrlCouldNameThem() {
    assertEquals(Set.of("id"), fieldsRejected("{'id': '.', 'endpoint': 'http://a.example'}"));
    assertEquals(Set.of("id"), fieldsRejected("{'id': '..', 'endpoint': 'http://a.example'}"));
    assertEquals("a.b", read("{'id': 'a.b', 'endpoint': 'http://a.example'}").id());
    assertEquals(".a", read("{'id': '.a', 'endpoint': 'http://a.example'}").id());
  }

  @Test
  void anIdOf64CharactersIsAccepted() {
    String id = "a".repeat(64);

    assertEquals(id, read("{'id': '" + id + "', 'endpoint': 'http://a.example'}").id());
  }

  @Test
  void anIdOf65CharactersIsRejected() {
    assertEquals(
        Set.of("id"),
        fieldsRejected("{'id': '" + "a".repeat(65) + "', 'endpoint': 'http://a.example'}"));
  }

  @Test
  void anEmptyIdIsRejected() {
    assertEquals(Set.of("id"), fieldsRejected("{'id': '', 'endpoint': 'http://a.example'}"));
  }

  @Test
  void aMissingIdIsRejected() {
    assertEquals(Set.of("id"), fieldsRejected("{'endpoint': 'http://a.example'}"));
  }

  @Test
  void anIdWithSpacesOrSlashesIsRejected() {
    assertEquals(Set.of("id"), fieldsRejected("{'id': 'a b', 'endpoint': 'http://a.example'}"));
    assertEquals(Set.of("id"), fieldsRejected("{'id': 'a/b', 'endpoint': 'http://a.example'}"));
  }

  @Test
  void aNumericIdIsRejected() {
    assertEquals(Set.of("id"), fieldsRejected("{'id': 42, 'endpoint': 'http://a.example'}"));
  }

  @Test
  void theIdMayComeFromThePath() {
    assertEquals(
        "billing", NodeJson.read(json("{'endpoint': 'http://a.example'}"), "billing").id());
  }

  @Test
  void theIdMayRepeatThePathId() {
    assertEquals(
        "billing",
        NodeJson.read(json("{'id': 'billing', 'endpoint': 'http://a.example'}"), "billing").id());
  }

  @Test
  void anIdDifferentFromThePathIdIsRejected() {
    assertEquals(
        Set.of("id"),
        fieldsOf(rejected("{'id': 'billing', 'endpoint': 'http://a.example'}", "audit")));
  }

  @Test
  void anInvalidPathIdIsRejected() {
    assertEquals(Set.of("id"), fieldsOf(rejected("{'endpoint': 'http://a.example'}", "Not Valid")));
  }

  @Test
  void aMissingEndpointIsRejected() {
    assertEquals(Set.of("endpoint"), fieldsRejected("{'id': 'a'}"));
  }

  @Test
  void anFtpEndpointIsRejected() {
    assertEquals(Set.of("endpoint"), fieldsRejected("{'id': 'a', 'endpoint': 'ftp://x'}"));
  }

  @Test
  void aRelativeEndpointIsRejected() {
    assertEquals(Set.of("endpoint"), fieldsRejected("{'id': 'a', 'endpoint': '/relative'}"));
  }

  @Test
  void anEndpointThatIsNoUrlIsRejected() {
    assertEquals(Set.of("endpoint"), fieldsRejected("{'id': 'a', 'endpoint': 'not a url'}"));
  }

  @Test
  void anEndpointWithoutHostIsRejected() {
    assertEquals(Set.of("endpoint"), fieldsRejected("{'id': 'a', 'endpoint': 'http:///path'}"));
    assertEquals(Set.of("endpoint"), fieldsRejected("{'id': 'a', 'endpoint': 'http:opaque'}"));
  }

  @Test
  void httpAndHttpsEndpointsInAnyCaseAreAccepted() {
    assertEquals(
        "HTTPS://a.example/x?y=1",
        read("{'id': 'a', 'endpoint': 'HTTPS://a.example/x?y=1'}").endpoint());
    assertEquals(
        "http://10.0.0.1:9000", read("{'id': 'a', 'endpoint': 'http://10.0.0.1:9000'}").endpoint());
  }

  @Test
  void aNonBooleanEnabledIsRejected() {
    assertEquals(
        Set.of("enabled"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'enabled': 'yes'}"));
  }

  @Test
  void eventTypesMustBeANonEmptyArray() {
    assertEquals(
        Set.of("eventTypes"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'eventTypes': []}"));
    assertEquals(
        Set.of("eventTypes"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'eventTypes': 'order.*'}"));
  }

  @Test
  void anInvalidEventTypePatternIsNamedByItsIndex() {
    assertEquals(
        Set.of("eventTypes[1]"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'eventTypes': ['order.*', 'bad type']}"));
  }

  @Test
  void bearerAuthWithoutTokenIsRejected() {
    assertEquals(
        Set.of("auth.token"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'bearer'}}"));
  }

  @Test
  void bearerAuthWithAnEmptyTokenIsRejected() {
    assertEquals(
        Set.of("auth.token"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'bearer', 'token': ''}}"));
  }

  @Test
  void basicAuthNeedsAUsernameAndAPassword() {
    assertEquals(
        Set.of("auth.username", "auth.password"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'basic'}}"));
    assertEquals(
        Set.of("auth.password"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'basic', 'username': 'u'}}"));
    assertEquals(
        Set.of("auth.username"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'basic', 'password': 'p'}}"));
  }

  @Test
  void basicAuthRejectsAColonInTheUsername() {
    assertEquals(
        Set.of("auth.username"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'basic', 'username': 'u:x', 'password': 'p'}}"));
  }

  @Test
  void headerAuthNeedsANameAndAValue() {
    assertEquals(
        Set.of("auth.name", "auth.value"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'header'}}"));
    assertEquals(
        Set.of("auth.value"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'header', 'name': 'X-Key'}}"));
  }

  @Test
  void headerAuthRejectsANameThatIsNoHeaderName() {
    assertEquals(
        Set.of("auth.name"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'header', 'name': 'X Key', 'value': 'v'}}"));
  }

  @Test
  void headerAuthRejectsAHeaderTheHttpClientSetsItself() {
    for (String name :
        List.of("Host", "content-length", "Connection", "Transfer-Encoding", "Expect", "Upgrade")) {
      assertEquals(
          Set.of("auth.name"),
          fieldsRejected(
              "{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'header', 'name': '"
                  + name
                  + "', 'value': 'v'}}"),
          name);
    }
  }

  @Test
  void authSecretsWithControlCharactersAreRejected() {
    assertEquals(
        Set.of("auth.token"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'bearer', 'token': 'abc\\r\\nX-Injected: 1'}}"));
  }

  @Test
  void anUnknownAuthTypeIsRejected() {
    assertEquals(
        Set.of("auth.type"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'digest'}}"));
  }

  @Test
  void anAuthWithoutTypeIsRejected() {
    assertEquals(
        Set.of("auth.type"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'token': 't'}}"));
  }

  @Test
  void anAuthThatIsNoObjectIsRejected() {
    assertEquals(
        Set.of("auth"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'auth': 'bearer'}"));
  }

  @Test
  void aFieldOfAnotherAuthTypeIsRejected() {
    assertEquals(
        Set.of("auth.password"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'auth': {'type': 'bearer', 'token': 't', 'password': 'p'}}"));
  }

  @Test
  void anUnknownTopLevelFieldIsRejectedByName() {
    assertEquals(
        Set.of("colour"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'colour': 'red'}"));
  }

  @Test
  void anEmptySecretIsRejected() {
    assertEquals(
        Set.of("secret"),
        fieldsRejected("{'id': 'a', 'endpoint': 'http://a.example', 'secret': ''}"));
  }

  @Test
  void aNameLongerThan200CharactersIsRejected() {
    assertEquals(
        Set.of("name"),
        fieldsRejected(
            "{'id': 'a', 'endpoint': 'http://a.example', 'name': '" + "n".repeat(201) + "'}"));
  }

  @Test
  void severalErrorsAreReportedTogether() {
    Problem problem =
        rejected(
            "{'id': 'Bad Id', 'endpoint': 'ftp://x', 'auth': {'type': 'bearer'}, 'colour': 'red', 'paused': 1}",
            null);

    assertEquals(Set.of("id", "endpoint", "auth.token", "colour", "paused"), fieldsOf(problem));
    assertEquals(5, problem.errors().size());
    assertTrue(problem.detail().contains("5"), problem.detail());
  }

  @Test
  void writeShowsEveryFieldWithSecretsMasked() {
    Node node =
        new Node(
            "a",
            "A",
            "http://a.example",
            true,
            false,
            List.of("order.*"),
            new NodeAuth("bearer", "t0k-SECRET", null, null, null, null),
            "hmac-SECRET");

    JsonObject written = NodeJson.write(node).build();

    assertEquals("a", written.getString("id"));
    assertEquals("A", written.getString("name"));
    assertEquals("http://a.example", written.getString("endpoint"));
    assertTrue(written.getBoolean("enabled"));
    assertFalse(written.getBoolean("paused"));
    assertEquals(
        List.of("order.*"),
        written.getJsonArray("eventTypes").getValuesAs(jakarta.json.JsonString::getString));
    assertEquals(json("{'type': 'bearer', 'token': '***'}"), written.getJsonObject("auth"));
    assertEquals("***", written.getString("secret"));
    assertFalse(written.toString().contains("SECRET"), written.toString());
  }

  @Test
  void writeMasksTheBasicPasswordButShowsTheUsername() {
    Node node =
        new Node(
            "a",
            "a",
            "http://a.example",
            true,
            false,
            List.of("*"),
            new NodeAuth("basic", null, "user", "pw-SECRET", null, null),
            null);

    JsonObject written = NodeJson.write(node).build();

    assertEquals(
        json("{'type': 'basic', 'username': 'user', 'password': '***'}"),
        written.getJsonObject("auth"));
    assertFalse(written.toString().contains("SECRET"), written.toString());
  }

  @Test
  void writeMasksTheHeaderValueButShowsItsName() {
    Node node =
        new Node(
            "a",
            "a",
            "http://a.example",
            true,
            false,
            List.of("*"),
            new NodeAuth("header", null, null, null, "X-Key", "val-SECRET"),
            null);

    JsonObject written = NodeJson.write(node).build();

    assertEquals(
        json("{'type': 'header', 'name': 'X-Key', 'value': '***'}"), written.getJsonObject("auth"));
    assertFalse(written.toString().contains("SECRET"), written.toString());
  }

  @Test
  void writeShowsANullSecretAndNoAuthAsNone() {
    Node node =
        new Node("a", "a", "http://a.example", false, true, List.of("*"), NodeAuth.NONE, null);

    JsonObject written = NodeJson.write(node).build();

    assertEquals(JsonValue.NULL, written.get("secret"));
    assertEquals(json("{'type': 'none'}"), written.getJsonObject("auth"));
    assertFalse(written.getBoolean("enabled"));
    assertTrue(written.getBoolean("paused"));
  }

  @Test
  void aWrittenNodeReadsBackWithMaskedSecrets() {
    Node node =
        new Node(
            "a",
            "A",
            "http://a.example",
            true,
            false,
            List.of("order.*"),
            new NodeAuth("bearer", "t0k", null, null, null, null),
            "s");

    Node back = NodeJson.read(NodeJson.write(node).build(), "a");

    assertEquals(
        new Node(
            "a",
            "A",
            "http://a.example",
            true,
            false,
            List.of("order.*"),
            new NodeAuth("bearer", "***", null, null, null, null),
            "***"),
        back);
  }

  @Test
  void storageAuthKeepsTheSecrets() {
    NodeAuth auth = new NodeAuth("basic", null, "user", "pw", null, null);

    assertEquals(auth, NodeJson.auth(NodeJson.auth(auth, false)));
  }
}
