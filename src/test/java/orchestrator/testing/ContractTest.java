package orchestrator.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reading the operations out of the contract's Markdown. */
class ContractTest {
  private static final String SAMPLE =
      """
      ## 6. Messages

      ### POST /api/messages  (producer, admin)

      - `Event-Type` (required): 1–200 characters of `A-Z a-z 0-9 . _ : / -`.
      - `Idempotency-Key` (optional, 1–200 printable characters): a repeat returns **200**;
        the same key with a different body → 409.

      201 Created, `Location: /api/messages/{id}`, body:

      ```json
      {"id":"3f1c…","size":123,"createdAt":"2026-11-22T10:00:00Z"}
      ```

      Errors: 400 (bad or missing header, empty body), 401, 403, 409, 413, 422,
      503 with `Retry-After` when the database is unavailable.

      ### GET /api/messages/{id}
      The same body as above, current. 404 when unknown or purged.

      ### GET /api/deliveries?status=&node=&limit=  (operator, admin)
      Newest first. `limit` default 50, max 1000.

      ## 8. Nodes

      | call | role | result |
      |---|---|---|
      | POST /api/nodes | admin | 201; 409 if the id exists; 400 if invalid |
      | POST /api/nodes/{id}/pause, /resume | operator, admin | paused nodes get no attempts |

      ## 9. Delivery to a node

      Any 2xx within `delivery.timeout` is success; a 500 is a failed attempt.
      """;

  @Test
  void headingsAndTableRowsAreOperationsWithTheirRolesAndStatuses() {
    Map<String, Contract.Operation> operations =
        Contract.parse(SAMPLE).stream().collect(Collectors.toMap(Contract.Operation::name, o -> o));
    assertEquals(
        List.of(
            "POST /api/messages",
            "GET /api/messages/{id}",
            "GET /api/deliveries",
            "POST /api/nodes",
            "POST /api/nodes/{id}/pause",
            "POST /api/nodes/{id}/resume"),
        Contract.parse(SAMPLE).stream().map(Contract.Operation::name).toList());
    assertEquals(
        Set.of(200, 201, 400, 401, 403, 409, 413, 422, 503),
        operations.get("POST /api/messages").statuses());
    assertEquals(Set.of("producer", "admin"), operations.get("POST /api/messages").roles());
    assertEquals(Set.of(404), operations.get("GET /api/messages/{id}").statuses());
    assertEquals(Set.of(), operations.get("GET /api/messages/{id}").roles());
    assertEquals(Set.of(), operations.get("GET /api/deliveries").statuses());
    assertEquals(Set.of("operator", "admin"), operations.get("GET /api/deliveries").roles());
    assertEquals(Set.of(201, 400, 409), operations.get("POST /api/nodes").statuses());
    assertEquals(Set.of("admin"), operations.get("POST /api/nodes").roles());
    assertEquals(
        Set.of("operator", "admin"), operations.get("POST /api/nodes/{id}/resume").roles());
  }

  @Test
  void rangesLongerNumbersAndCodeAreNoStatuses() {
    assertEquals(
        Set.of(),
        Contract.statuses("1–200 characters, max 1000, 0.500 s, `HTTP 404`, size 123, 2026-11-22"));
    assertEquals(Set.of(404), Contract.statuses("(others: 404)."));
  }
}
