package orchestrator.nodes;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import orchestrator.Roles;
import orchestrator.delivery.DeliveryStore;
import orchestrator.delivery.DeliveryStore.Counts;
import orchestrator.platform.JsonBodies;
import orchestrator.platform.Problem;

/** The node registry's API (§8). */
@Path("nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

  @Inject Nodes nodes;
  @Inject NodeStore store;
  @Inject DeliveryStore deliveries;

  @GET
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  public String list() {
    Map<String, Counts> counts = deliveries.countsByNode();
    JsonArrayBuilder list = Json.createArrayBuilder();
    store.all().forEach(node -> list.add(withCounts(node, counts.getOrDefault(node.id(), Counts.NONE))));
    return list.build().toString();
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  public String get(@PathParam("id") String id) {
    Node node = store.find(id).orElseThrow(() -> notFound(id));
    return withCounts(node, deliveries.countsOf(id)).toString();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  public Response create(String body) {
    Node node = nodes.create(NodeJson.read(JsonBodies.object(body), null));
    return created(node.id()).entity(shown(node.id())).build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  public Response replace(@PathParam("id") String id, String body) {
    boolean created = nodes.put(NodeJson.read(JsonBodies.object(body), id));
    Response.ResponseBuilder response = created ? created(id) : Response.ok();
    return response.entity(shown(id)).build();
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  public Response delete(@PathParam("id") String id) {
    if (!nodes.delete(id)) throw notFound(id);
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/pause")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  public String pause(@PathParam("id") String id) {
    if (!nodes.setPaused(id, true)) throw notFound(id);
    return shown(id);
  }

  @POST
  @Path("{id}/resume")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  public String resume(@PathParam("id") String id) {
    if (!nodes.setPaused(id, false)) throw notFound(id);
    return shown(id);
  }

  /** 201 with the path as the contract shows it; no server may resolve it against /api/. */
  private static Response.ResponseBuilder created(String id) {
    return Response.status(Response.Status.CREATED).header("Location", "/api/nodes/" + id);
  }

  private String shown(String id) {
    return get(id);
  }

  private static JsonObject withCounts(Node node, Counts counts) {
    return NodeJson.write(node).add("pending", counts.pending()).add("frozen", counts.frozen()).build();
  }

  private static RuntimeException notFound(String id) {
    return Problem.of(404, "No node with id '" + id + "'.").exception();
  }
}
