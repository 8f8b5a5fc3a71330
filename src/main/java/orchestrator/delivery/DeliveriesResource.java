package orchestrator.delivery;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Locale;
import orchestrator.Application;
import orchestrator.Roles;
import orchestrator.platform.JsonBodies;
import orchestrator.platform.Jsons;
import orchestrator.platform.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The deliveries API (§7). */
@Path("deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "deliveries", description = "Deliveries across messages: listing and bulk retry")
@SecurityRequirement(name = Application.BEARER_JWT)
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "503", ref = "Unavailable")
@ApplicationScoped
public class DeliveriesResource {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  @Inject DeliveryList list;
  @Inject DeliveryStore store;
  @Inject Event<DeliveriesDue> due;
  @Inject Clock clock;

  @GET
  @Operation(
      operationId = "listDeliveries",
      summary = "List deliveries, newest first",
      description =
          "Filtered by status, node and event type, in pages: pass a page's next as after. Roles: operator, admin.",
      extensions = @Extension(name = "x-roles", value = "operator, admin"))
  @APIResponse(
      responseCode = "200",
      description = "A page of deliveries.",
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DeliveryPage")))
  @APIResponse(
      responseCode = "400",
      description = "A bad status, limit or after; errors names it.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  public String list(
      @Parameter(
              description = "Only deliveries in this state",
              schema = @Schema(ref = "DeliveryStatus"))
          @QueryParam("status")
          String status,
      @Parameter(description = "Only deliveries to this node id") @QueryParam("node") String node,
      @Parameter(description = "Only messages of exactly this event type") @QueryParam("eventType")
          String eventType,
      @Parameter(
              description = "Page size, 1-" + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")",
              schema = @Schema(ref = "PageSize"))
          @QueryParam("limit")
          String limit,
      @Parameter(description = "The next value of the previous page") @QueryParam("after")
          String after) {
    return list.page(
            new DeliveryList.Query(
                status(status),
                blankToNull(node),
                blankToNull(eventType),
                limit(limit),
                after(after)))
        .toString();
  }

  @POST
  @Path("retry")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "retryDeliveries",
      summary = "Re-queue FROZEN deliveries",
      description =
          "Every FROZEN delivery matching the filter goes back to PENDING with attempts 0, due now. Roles: operator, admin.",
      extensions = @Extension(name = "x-roles", value = "operator, admin"))
  @RequestBody(
      description = "The filter; an empty body or {} re-queues every FROZEN delivery.",
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RetryFilter")))
  @APIResponse(
      responseCode = "200",
      description = "How many deliveries were re-queued.",
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Requeued")))
  @APIResponse(
      responseCode = "400",
      description =
          "A body that is not a JSON object, or a field other than node and eventType or not a non-empty string.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  public String retry(String body) {
    JsonObject filter =
        body == null || body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : JsonBodies.object(body);
    for (String key : filter.keySet()) {
      if (!key.equals("node") && !key.equals("eventType"))
        throw Problem.invalid(key, "is not a filter; use node and eventType").exception();
    }
    int requeued = store.requeue(text(filter, "node"), text(filter, "eventType"), clock.instant());
    if (requeued > 0) due.fire(DeliveriesDue.NOW);
    return Jsons.object().add("requeued", requeued).build().toString();
  }

  private static String text(JsonObject filter, String key) {
    JsonValue value = filter.get(key);
    if (value == null || value == JsonValue.NULL) return null;
    if (value instanceof JsonString s && !s.getString().isBlank()) return s.getString();
    throw Problem.invalid(key, "must be a non-empty string").exception();
  }

  private static DeliveryStatus status(String status) {
    if (status == null || status.isBlank()) return null;
    try {
      return DeliveryStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw Problem.invalid("status", "must be PENDING, DELIVERED or FROZEN").exception();
    }
  }

  private static int limit(String limit) {
    if (limit == null || limit.isBlank()) return DEFAULT_LIMIT;
    try {
      int value = Integer.parseInt(limit.trim());
      if (value >= 1 && value <= MAX_LIMIT) return value;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Problem.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT).exception();
  }

  private static Long after(String after) {
    if (after == null || after.isBlank()) return null;
    try {
      return Long.parseLong(after.trim());
    } catch (NumberFormatException e) {
      throw Problem.invalid("after", "must be the 'next' value of a previous page").exception();
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
