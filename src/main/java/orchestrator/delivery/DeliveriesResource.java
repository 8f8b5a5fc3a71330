package orchestrator.delivery;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Locale;
import orchestrator.Roles;
import orchestrator.platform.JsonBodies;
import orchestrator.platform.Problem;

/** The deliveries API (§7). */
@Path("deliveries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class DeliveriesResource {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  @Inject DeliveryList list;
  @Inject DeliveryStore store;
  @Inject Event<DeliveriesDue> due;
  @Inject Clock clock;

  @GET
  public String list(
      @QueryParam("status") String status,
      @QueryParam("node") String node,
      @QueryParam("eventType") String eventType,
      @QueryParam("limit") String limit,
      @QueryParam("after") String after) {
    return list.page(new DeliveryList.Query(status(status), blankToNull(node), blankToNull(eventType), limit(limit), after(after))).toString();
  }

  @POST
  @Path("retry")
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  public String retry(String body) {
    JsonObject filter = body == null || body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : JsonBodies.object(body);
    for (String key : filter.keySet()) {
      if (!key.equals("node") && !key.equals("eventType")) throw Problem.invalid(key, "is not a filter; use node and eventType").exception();
    }
    int requeued = store.requeue(text(filter, "node"), text(filter, "eventType"), clock.instant());
    if (requeued > 0) due.fire(DeliveriesDue.NOW);
    return Json.createObjectBuilder().add("requeued", requeued).build().toString();
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
