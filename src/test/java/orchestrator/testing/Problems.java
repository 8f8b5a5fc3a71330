package orchestrator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

/** Assertions on problem+json responses. */
public final class Problems {
  private Problems() {}

  public static JsonObject assertProblem(Api.Reply reply, int status) {
    assertEquals(status, reply.status(), () -> "status of " + reply);
    String type = reply.header("Content-Type");
    assertTrue(
        type != null && type.startsWith("application/problem+json"),
        () -> "Content-Type " + type + " of " + reply);
    JsonObject problem = reply.json();
    assertEquals(status, problem.getInt("status"));
    assertTrue(
        problem.containsKey("type")
            && problem.containsKey("title")
            && problem.containsKey("detail"),
        reply::toString);
    String text = reply.text();
    assertFalse(
        text.contains("Exception") || text.contains("\tat ") || text.contains("orchestrator."),
        () -> "internals leaked: " + text);
    return problem;
  }

  /** A 400 (or other status) whose errors name the field. */
  public static JsonObject assertFieldError(Api.Reply reply, int status, String field) {
    JsonObject problem = assertProblem(reply, status);
    assertTrue(
        problem.containsKey("errors")
            && problem.getJsonArray("errors").stream()
                .anyMatch(e -> e.asJsonObject().getString("field").equals(field)),
        () -> "no error naming " + field + " in " + reply);
    return problem;
  }
}
