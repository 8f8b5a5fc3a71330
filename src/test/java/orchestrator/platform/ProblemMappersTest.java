package orchestrator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

  @Test
  void anUnexpectedErrorBecomesA500CarryingACorrelationIdAndNoInternals() {
    Problem problem =
        ProblemMappers.unexpectedProblem(
            new IllegalStateException("secret internal state at orchestrator.Foo"));

    assertEquals(500, problem.status());
    String id = problem.headers().get("Correlation-Id");
    assertTrue(id != null && id.length() == 36, "a correlation id header");
    assertTrue(problem.detail().contains(id), "the detail names the same id");
    String json = problem.toJson().toString();
    assertFalse(
        json.contains("secret internal state")
            || json.contains("IllegalStateException")
            || json.contains("orchestrator."),
        json);
  }

  @Test
  void aDatabaseThatDoesNotAnswerBecomesA503WithRetryAfter() {
    Problem problem =
        ProblemMappers.unexpectedProblem(
            new RuntimeException(new SQLTransientConnectionException("connection refused")));

    assertEquals(503, problem.status());
    assertEquals("5", problem.headers().get("Retry-After"));
  }

  @Test
  void eachErrorHasTheFieldsOfRfc9457() {
    var json = Problem.invalid("Event-Type", "header is required").toJson();

    assertEquals("about:blank", json.getString("type"));
    assertEquals("Bad Request", json.getString("title"));
    assertEquals(400, json.getInt("status"));
    assertEquals("Event-Type: header is required", json.getString("detail"));
    assertEquals("Event-Type", json.getJsonArray("errors").getJsonObject(0).getString("field"));
  }
}
