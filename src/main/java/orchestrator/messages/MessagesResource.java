package orchestrator.messages;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.UUID;
import orchestrator.Application;
import orchestrator.Roles;
import orchestrator.delivery.DeliveryLog;
import orchestrator.platform.Jsons;
import orchestrator.platform.Metrics;
import orchestrator.platform.Problem;
import orchestrator.platform.database.DataAccessException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Message intake and reading (§6). */
@Path("messages")
@Tag(name = "messages", description = "Intake, reading, the attempt log and retry of one message")
@SecurityRequirement(name = Application.BEARER_JWT)
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "503", ref = "Unavailable")
@ApplicationScoped // one instance for all requests: creating and injecting one per request was a
// large share of the CPU per POST
public class MessagesResource {
  private static final String ID = "The message id (a UUID)";

  @Inject Intake intake;
  @Inject BatchedIntake batchedIntake;
  @Inject Retries retries;
  @Inject DeliveryLog log;
  @Inject MessageStore store;
  @Inject IntakeSettings settings;
  @Inject Metrics metrics;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Operation(
      operationId = "submitMessage",
      summary = "Submit a message",
      description =
          "Stores the body and its content type byte for byte, with one PENDING delivery per destination node, and delivers it at once."
              + " Destinations: the Event-Destinations header, or else every enabled node with an eventTypes pattern matching Event-Type,"
              + " except the node whose id is the producer's sub. Roles: producer, admin.",
      extensions = @Extension(name = "x-roles", value = "producer, admin"))
  @RequestBody(
      required = true,
      description = "The message: 1 byte to intake.max-bytes (default 1048576), any content type.",
      content = @Content(mediaType = MediaType.WILDCARD, schema = @Schema(ref = "Payload")))
  @APIResponse(
      responseCode = "201",
      description = "Stored; delivery has begun.",
      headers = @Header(name = "Location", ref = "Location"),
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Message")))
  @APIResponse(
      responseCode = "200",
      description =
          "A repeat (same producer, Idempotency-Key and body): the original message, current; nothing created.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Message")))
  @APIResponse(
      responseCode = "400",
      description =
          "A missing or bad header (Event-Type, Event-Destinations, Idempotency-Key, Content-Type), or an empty body; errors names it.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "The Idempotency-Key was used before by this producer with a different body.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "413",
      description = "The body is larger than intake.max-bytes.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "422",
      description =
          "Event-Destinations names an unknown or disabled node, or no node takes the event type; nothing was stored.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response submit(
      @Parameter(
              description = "The event type",
              required = true,
              schema = @Schema(ref = "EventType"))
          @HeaderParam("Event-Type")
          String eventType,
      @Parameter(
              description =
                  "Comma-separated node ids: exactly these nodes receive the message, instead of routing by event type")
          @HeaderParam("Event-Destinations")
          String destinations,
      @Parameter(
              description =
                  "1-200 printable characters; a repeat with the same key and body answers 200 with the original message")
          @HeaderParam("Idempotency-Key")
          String idempotencyKey,
      @Parameter(
              description =
                  "Stored and delivered with the body; application/octet-stream when absent")
          @HeaderParam("Content-Type")
          String contentType,
      @Parameter(hidden = true) @HeaderParam("Content-Length") String contentLength,
      @Context SecurityContext security,
      InputStream body)
      throws IOException {
    byte[] bytes = BoundedBody.read(body, contentLength, settings.maxBytes());
    Submission submission =
        Submission.of(
            producer(security), eventType, destinations, idempotencyKey, contentType, bytes);
    Intake.Outcome outcome;
    try {
      outcome = batchedIntake.accept(submission);
    } catch (DataAccessException e) {
      if (!e.isUniqueViolation() || submission.idempotencyKey() == null) throw e;
      outcome =
          intake.accept(
              submission); // a concurrent request with the same key won: answer as a repeat
    }
    String json = MessageJson.write(outcome.message()).toString();
    if (!outcome.created()) return Response.ok(json, MediaType.APPLICATION_JSON).build();
    metrics.increment("orchestrator.messages.received", "Messages accepted (201)", 1);
    return Response.status(Response.Status.CREATED)
        .header("Location", "/api/messages/" + outcome.message().id())
        .type(MediaType.APPLICATION_JSON)
        .entity(json)
        .build();
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.OPERATOR, Roles.ADMIN})
  @Operation(
      operationId = "getMessage",
      summary = "Read a message with its deliveries",
      description =
          "A producer reads only the messages it submitted. Roles: producer, operator, admin.",
      extensions = @Extension(name = "x-roles", value = "producer, operator, admin"))
  @APIResponse(
      responseCode = "200",
      description = "The message, current.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Message")))
  @APIResponse(
      responseCode = "404",
      description = "Unknown, purged, or (for a producer) another producer's message.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public String get(
      @Parameter(description = ID, required = true) @PathParam("id") String id,
      @Context SecurityContext security) {
    Message message =
        store
            .find(parse(id))
            .filter(m -> mayRead(security, m.producer()))
            .orElseThrow(() -> notFound(id));
    return MessageJson.write(message).toString();
  }

  @GET
  @Path("{id}/payload")
  @RolesAllowed({Roles.PRODUCER, Roles.OPERATOR, Roles.ADMIN})
  @Operation(
      operationId = "getMessagePayload",
      summary = "Read a message's body",
      description =
          "The stored body, byte for byte, with its content type. A producer reads only its own messages. Roles: producer, operator, admin.",
      extensions = @Extension(name = "x-roles", value = "producer, operator, admin"))
  @APIResponse(
      responseCode = "200",
      description = "The body, with the Content-Type it was submitted with.",
      content = @Content(mediaType = MediaType.WILDCARD, schema = @Schema(ref = "Payload")))
  @APIResponse(
      responseCode = "404",
      description = "Unknown, purged, or (for a producer) another producer's message.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public Response payload(
      @Parameter(description = ID, required = true) @PathParam("id") String id,
      @Context SecurityContext security) {
    MessageStore.Payload payload =
        store
            .payload(parse(id))
            .filter(p -> mayRead(security, p.producer()))
            .orElseThrow(() -> notFound(id));
    return Response.ok(payload.body()).header("Content-Type", payload.contentType()).build();
  }

  @GET
  @Path("{id}/attempts")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @Operation(
      operationId = "listMessageAttempts",
      summary = "The delivery attempts of a message",
      description =
          "Every logged attempt to every node, oldest first (until purged). Roles: operator, admin.",
      extensions = @Extension(name = "x-roles", value = "operator, admin"))
  @APIResponse(
      responseCode = "200",
      description = "The attempts, oldest first.",
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AttemptList")))
  @APIResponse(responseCode = "404", ref = "NotFound")
  public String attempts(@Parameter(description = ID, required = true) @PathParam("id") String id) {
    UUID messageId = parse(id);
    if (store.find(messageId).isEmpty()) throw notFound(id);
    return log.attemptsOf(messageId).toString();
  }

  @POST
  @Path("{id}/retry")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @Operation(
      operationId = "retryMessage",
      summary = "Re-queue a message's FROZEN deliveries",
      description =
          "Every FROZEN delivery of the message goes back to PENDING with attempts 0, due now. Roles: operator, admin.",
      extensions = @Extension(name = "x-roles", value = "operator, admin"))
  @APIResponse(
      responseCode = "200",
      description = "How many deliveries were re-queued (0 when none was FROZEN).",
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Requeued")))
  @APIResponse(responseCode = "404", ref = "NotFound")
  public String retry(@Parameter(description = ID, required = true) @PathParam("id") String id) {
    int requeued = retries.requeue(parse(id)).orElseThrow(() -> notFound(id));
    return Jsons.object().add("requeued", requeued).build().toString();
  }

  /**
   * The producer's identity: the token's sub. Read from the caller's principal, which MP-JWT makes
   * the verified token itself; the injected {@code JsonWebToken} bean would cost a JNDI look-up of
   * the bean manager on every request in Payara.
   */
  private static String producer(SecurityContext security) {
    Principal caller = security.getUserPrincipal();
    return caller instanceof JsonWebToken token ? token.getSubject() : caller.getName();
  }

  /** Producers read only what they submitted; operators and admins read everything. */
  private static boolean mayRead(SecurityContext security, String messageProducer) {
    return Roles.anyOf(security, Roles.OPERATOR, Roles.ADMIN)
        || messageProducer.equals(producer(security));
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw notFound(id);
    }
  }

  static RuntimeException notFound(String id) {
    return Problem.of(404, "No message with id '" + id + "'.").exception();
  }
}
