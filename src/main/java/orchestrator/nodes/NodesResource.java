package orchestrator.nodes;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import orchestrator.Application;
import orchestrator.Roles;
import orchestrator.delivery.DeliveryStore;
import orchestrator.delivery.DeliveryStore.Counts;
import orchestrator.platform.JsonBodies;
import orchestrator.platform.Jsons;
import orchestrator.platform.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The node registry's API (§8). */
@Path("nodes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "nodes", description = "The registry of destination nodes")
@SecurityRequirement(name = Application.BEARER_JWT)
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "403", ref = "Forbidden")
@APIResponse(responseCode = "503", ref = "Unavailable")
@ApplicationScoped
public class NodesResource {
  private static final String ID = "The node id";

  @Inject Nodes nodes;
  @Inject NodeStore store;
  @Inject DeliveryStore deliveries;

  @GET
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @Operation(
      operationId = "listNodes",
      summary = "List the nodes",
      description =
          "Every node, secrets masked, each with its pending and frozen delivery counts. Roles: operator, admin.",
      extensions = @Extension(name = "x-roles", value = "operator, admin"))
  // in @APIResponses: Payara drops the class's shared responses for a method with a single
  // @APIResponse
  @APIResponses(
      @APIResponse(
          responseCode = "200",
          description = "The nodes.",
          content =
              @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NodeList"))))
  public String list() {
    Map<String, Counts> counts = deliveries.countsByNode();
    JsonArrayBuilder list = Jsons.array();
    store
        .all()
        .forEach(node -> list.add(withCounts(node, counts.getOrDefault(node.id(), Counts.NONE))));
    return list.build().toString();
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @Operation(
      operationId = "getNode",
      summary = "Read a node",
      description =
          "Secrets masked, with its pending and frozen delivery counts. Roles: operator, admin.",
      extensions = @Extension(name = "x-roles", value = "operator, admin"))
  @APIResponse(
      responseCode = "200",
      description = "The node.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Node")))
  @APIResponse(responseCode = "404", ref = "NotFound")
  public String get(@Parameter(description = ID, required = true) @PathParam("id") String id) {
    Node node = store.find(id).orElseThrow(() -> notFound(id));
    return withCounts(node, deliveries.countsOf(id)).toString();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      operationId = "createNode",
      summary = "Register a node",
      description = "Its secrets are stored as sent and shown masked. Roles: admin.",
      extensions = @Extension(name = "x-roles", value = "admin"))
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NodeInput")))
  @APIResponse(
      responseCode = "201",
      description = "Created.",
      headers = @Header(name = "Location", ref = "Location"),
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Node")))
  @APIResponse(
      responseCode = "400",
      description = "An invalid node; errors names every field at fault.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "A node with this id exists.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  public Response create(String body) {
    Node node = nodes.create(NodeJson.read(JsonBodies.object(body), null));
    return created(node.id()).entity(shown(node.id())).build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      operationId = "replaceNode",
      summary = "Replace a node, or create it",
      description = "Secrets sent as \"***\" keep the stored ones. Roles: admin.",
      extensions = @Extension(name = "x-roles", value = "admin"))
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NodeInput")))
  @APIResponse(
      responseCode = "200",
      description = "Replaced.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Node")))
  @APIResponse(
      responseCode = "201",
      description = "Created.",
      headers = @Header(name = "Location", ref = "Location"),
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Node")))
  @APIResponse(
      responseCode = "400",
      description =
          "An invalid node, or a body id other than the URL's; errors names every field at fault.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  public Response replace(
      @Parameter(description = ID, required = true) @PathParam("id") String id, String body) {
    boolean created = nodes.put(NodeJson.read(JsonBodies.object(body), id));
    Response.ResponseBuilder response = created ? created(id) : Response.ok();
    return response.entity(shown(id)).build();
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.ADMIN)
  @Operation(
      operationId = "deleteNode",
      summary = "Delete a node",
      description =
          "Its PENDING deliveries become FROZEN with lastError \"node deleted\": nothing is silently dropped. Roles: admin.",
      extensions = @Extension(name = "x-roles", value = "admin"))
  @APIResponse(responseCode = "204", description = "Deleted.")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Response delete(@Parameter(description = ID, required = true) @PathParam("id") String id) {
    if (!nodes.delete(id)) throw notFound(id);
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/pause")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @Operation(
      operationId = "pauseNode",
      summary = "Pause deliveries to a node",
      description =
          "A paused node still receives routed messages but gets no delivery attempts until resumed. Roles: operator, admin.",
      extensions = @Extension(name = "x-roles", value = "operator, admin"))
  @APIResponse(
      responseCode = "200",
      description = "The node, paused.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Node")))
  @APIResponse(responseCode = "404", ref = "NotFound")
  public String pause(@Parameter(description = ID, required = true) @PathParam("id") String id) {
    if (!nodes.setPaused(id, true)) throw notFound(id);
    return shown(id);
  }

  @POST
  @Path("{id}/resume")
  @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
  @Operation(
      operationId = "resumeNode",
      summary = "Resume deliveries to a node",
      description = "Its due deliveries are attempted at once. Roles: operator, admin.",
      extensions = @Extension(name = "x-roles", value = "operator, admin"))
  @APIResponse(
      responseCode = "200",
      description = "The node, resumed.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Node")))
  @APIResponse(responseCode = "404", ref = "NotFound")
  public String resume(@Parameter(description = ID, required = true) @PathParam("id") String id) {
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
    return NodeJson.write(node)
        .add("pending", counts.pending())
        .add("frozen", counts.frozen())
        .build();
  }

  private static RuntimeException notFound(String id) {
    return Problem.of(404, "No node with id '" + id + "'.").exception();
  }
}
