package orchestrator.messages;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.UUID;
import orchestrator.Application;
import orchestrator.Roles;
import orchestrator.delivery.DeliveryLog;
import orchestrator.platform.Jsons;
import orchestrator.platform.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reading a message, its payload and attempts, and its retry (§6); the intake is {@link
 * IntakeServlet}.
 */
@Path("messages")
@Tag(name = "messages", description = "Intake, reading, the attempt log and retry of one message")
@SecurityRequirement(name = Application.BEARER_JWT)
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "503", ref = "Unavailable")
@ApplicationScoped // one instance for all requests: creating and injecting one per request was a
// large share of a short request's CPU
public class MessagesResource {
  private static final String ID = "The message id (a UUID)";

  @Inject Retries retries;
  @Inject DeliveryLog log;
  @Inject MessageStore store;

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
    return Roles.identity(security.getUserPrincipal());
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
