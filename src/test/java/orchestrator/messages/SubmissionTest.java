package orchestrator.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import orchestrator.platform.Problem;
import orchestrator.platform.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SubmissionTest {

  private static final byte[] BODY = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);

  private static Submission withEventType(String eventType) {
    return Submission.of("shop", eventType, null, null, "application/json", BODY);
  }

  private static Submission withIdempotencyKey(String key) {
    return Submission.of("shop", "order.created", null, key, "application/json", BODY);
  }

  /** Asserts a 400 whose only field error names {@code field}. */
  private static void assertRejects(String field, Executable call) {
    Problem problem = assertThrows(ProblemException.class, call).problem();
    assertEquals(400, problem.status());
    assertEquals(List.of(field), problem.errors().stream().map(Problem.FieldError::field).toList());
  }

  @Test
  void aValidSubmissionKeepsEveryPart() {
    Submission submission =
        Submission.of("shop", "order.created", "billing,audit", "key-1", "application/json", BODY);

    assertEquals("shop", submission.producer());
    assertEquals("order.created", submission.eventType());
    assertEquals(List.of("billing", "audit"), submission.destinations());
    assertEquals("key-1", submission.idempotencyKey());
    assertEquals("application/json", submission.contentType());
    assertArrayEquals(BODY, submission.body());
  }

  @Test
  void aMissingEventTypeIsRejected() {
    assertRejects("Event-Type", () -> withEventType(null));
  }

  @Test
  void anEmptyEventTypeIsRejected() {
    assertRejects("Event-Type", () -> withEventType(""));
  }

  @Test
  void anEventTypeWithASpaceIsRejected() {
    assertRejects("Event-Type", () -> withEventType("order created"));
  }

  @Test
  void anEventTypeWithANonAsciiLetterIsRejected() {
    assertRejects("Event-Type", () -> withEventType("commande.créée"));
  }

  @Test
  void anEventTypeWithAStarIsRejected() {
    assertRejects("Event-Type", () -> withEventType("order.*"));
  }

  @Test
  void anEventTypeMayUseLettersDigitsAndDotUnderscoreColonSlashDash() {
    assertEquals(
        "Shop_1:order/created-v2.x", withEventType("Shop_1:order/created-v2.x").eventType());
  }

  @Test
  void anEventTypeOf200CharactersIsAccepted() {
    String type = "e".repeat(200);

    assertEquals(type, withEventType(type).eventType());
  }

  @Test
  void anEventTypeOf201CharactersIsRejected() {
    assertRejects("Event-Type", () -> withEventType("e".repeat(201)));
  }

  @Test
  void anAbsentIdempotencyKeyIsAllowed() {
    assertNull(withIdempotencyKey(null).idempotencyKey());
  }

  @Test
  void aPrintableIdempotencyKeyIsAccepted() {
    String key = "order 42/#!~";

    assertEquals(key, withIdempotencyKey(key).idempotencyKey());
  }

  @Test
  void anIdempotencyKeyOf200CharactersIsAccepted() {
    String key = "k".repeat(200);

    assertEquals(key, withIdempotencyKey(key).idempotencyKey());
  }

  @Test
  void anIdempotencyKeyOf201CharactersIsRejected() {
    assertRejects("Idempotency-Key", () -> withIdempotencyKey("k".repeat(201)));
  }

  @Test
  void anIdempotencyKeyWithControlCharactersIsRejected() {
    assertRejects("Idempotency-Key", () -> withIdempotencyKey("abc\ndef"));
    assertRejects("Idempotency-Key", () -> withIdempotencyKey("abc\tdef"));
    assertRejects("Idempotency-Key", () -> withIdempotencyKey("abc\u0000"));
    assertRejects("Idempotency-Key", () -> withIdempotencyKey("abc\u007f"));
  }

  @Test
  void anIdempotencyKeyWithNonAsciiCharactersIsRejected() {
    assertRejects("Idempotency-Key", () -> withIdempotencyKey("clé"));
  }

  @Test
  void anEmptyIdempotencyKeyIsRejected() {
    assertRejects("Idempotency-Key", () -> withIdempotencyKey(""));
  }

  @Test
  void anIdempotencyKeyWithLeadingOrTrailingSpaceIsRejected() {
    assertRejects("Idempotency-Key", () -> withIdempotencyKey(" key"));
    assertRejects("Idempotency-Key", () -> withIdempotencyKey("key "));
  }

  @Test
  void anEmptyBodyIsRejected() {
    assertRejects(
        "body",
        () -> Submission.of("shop", "order.created", null, null, "application/json", new byte[0]));
  }

  @Test
  void anAbsentContentTypeBecomesOctetStream() {
    assertEquals(
        "application/octet-stream",
        Submission.of("shop", "order.created", null, null, null, BODY).contentType());
  }

  @Test
  void aBlankContentTypeBecomesOctetStream() {
    assertEquals(
        "application/octet-stream",
        Submission.of("shop", "order.created", null, null, "  ", BODY).contentType());
  }

  @Test
  void aContentTypeIsTrimmed() {
    assertEquals(
        "text/plain; charset=utf-8",
        Submission.of("shop", "order.created", null, null, " text/plain; charset=utf-8 ", BODY)
            .contentType());
  }

  @Test
  void aContentTypeLongerThan255CharactersIsRejected() {
    assertRejects(
        "Content-Type",
        () -> Submission.of("shop", "order.created", null, null, "text/" + "x".repeat(251), BODY));
  }

  @Test
  void destinationsAreSplitOnCommasTrimmedAndEmptyPartsDropped() {
    assertEquals(List.of("a", "b", "c"), Submission.destinations("a, b,,c"));
  }

  @Test
  void absentDestinationsMeanRouteByEventType() {
    assertNull(Submission.destinations(null));
    assertNull(Submission.of("shop", "order.created", null, null, null, BODY).destinations());
  }

  @Test
  void destinationsNamingNoIdAreRejected() {
    assertRejects("Event-Destinations", () -> Submission.destinations(" , "));
    assertRejects("Event-Destinations", () -> Submission.destinations(""));
  }

  @Test
  void theEventTypeIsCheckedBeforeTheBody() {
    assertRejects("Event-Type", () -> Submission.of("shop", null, null, null, null, new byte[0]));
  }

  @Test
  void theBodyHashIsTheSha256OfTheBody() {
    Submission submission =
        Submission.of(
            "shop", "order.created", null, null, null, "abc".getBytes(StandardCharsets.US_ASCII));

    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", submission.bodyHash());
  }
}
