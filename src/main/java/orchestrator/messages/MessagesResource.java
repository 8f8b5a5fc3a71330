package orchestrator.messages;

import jakarta.annotation.security.RolesAllowed;
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
import java.util.UUID;
import jakarta.json.Json;
import orchestrator.Roles;
import orchestrator.delivery.DeliveryLog;
import orchestrator.platform.Metrics;
import orchestrator.platform.Problem;
import orchestrator.platform.database.DataAccessException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Message intake and reading (§6). */
@Path("messages")
public class MessagesResource {
  @Inject Intake intake;
  @Inject Retries retries;
  @Inject DeliveryLog log;
  @Inject MessageStore store;
  @Inject IntakeSettings settings;
  @Inject JsonWebToken caller;
  @Inject Metrics metrics;
  @Context SecurityContext security;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  public Response submit(
      @HeaderParam("Event-Type") String eventType,
      @HeaderParam("Event-Destinations") String destinations,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Content-Length") String contentLength,
      InputStream body)
      throws IOException {
    byte[] bytes = BoundedBody.read(body, contentLength, settings.maxBytes());
    Submission submission = Submission.of(producer(), eventType, destinations, idempotencyKey, contentType, bytes);
    Intake.Outcome outcome;
    try {
      outcome = intake.accept(submission);
    } catch (DataAccessException e) {
      if (!e.isUniqueViolation() || submission.idempotencyKey() == null) throw e;
      outcome = intake.accept(submission); // a concurrent request with the same key won: answer as a repeat
    }
    String json = MessageJson.write(outcome.message()).toString();
    if (!outcome.created()) return Response.ok(json, MediaType.APPLICATION_JSON).build();
    metrics.increment("orchestrator.messages.received", "Messages accepted (201)", 1);
    return Response.status(Response.Status.CREATED).header("Location", "/api/messages/" + outcome.message().id()).type(MediaType.APPLICATION_JSON).entity(json).build();
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.OPERATOR, Roles.ADMIN})
  public String get(@PathParam("id") String id) {
    Message message = store.find(parse(id)).filter(m -> mayRead(m.producer())).orElseThrow(() -> notFound(id));
    return MessageJson.write(message).toString();
  }

  @GET
  @Path("{id}/payload")
  @RolesAllowed({Roles.PRODUCER, Roles.OPERATOR, Roles.ADMIN})
  public Response payload(@PathParam("id") String id) {
    MessageStore.Payload payload = store.payload(parse(id)).filter(p -> mayRead(p.producer())).orElseThrow(() -> notFound(id));
    return Response.ok(payload.body()).header("Content-Type", payload.contentType()).build();
  }

  @GET
  @Path("{id}/attempts")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  public String attempts(@PathParam("id") String id) {
    UUID messageId = parse(id);
    if (store.find(messageId).isEmpty()) throw notFound(id);
    return log.attemptsOf(messageId).toString();
  }

  @POST
  @Path("{id}/retry")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  public String retry(@PathParam("id") String id) {
    int requeued = retries.requeue(parse(id)).orElseThrow(() -> notFound(id));
    return Json.createObjectBuilder().add("requeued", requeued).build().toString();
  }

  /** The producer's identity: the token's sub. */
  private String producer() {
    return caller.getSubject();
  }

  /** Producers read only what they submitted; operators and admins read everything. */
  private boolean mayRead(String messageProducer) {
    return security.isUserInRole(Roles.OPERATOR) || security.isUserInRole(Roles.ADMIN) || messageProducer.equals(producer());
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
