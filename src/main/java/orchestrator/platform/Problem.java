package orchestrator.platform;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem document. Thrown as {@link ProblemException} anywhere, written by the
 * mappers, the container error page and the intake servlet.
 */
public record Problem(
    int status, String title, String detail, List<FieldError> errors, Map<String, String> headers) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public record FieldError(String field, String message) {}

  public static Problem of(int status, String detail) {
    return new Problem(status, titleOf(status), detail, List.of(), Map.of());
  }

  /** A problem with the standard wording for statuses that need no request-specific detail. */
  public static Problem standard(int status) {
    String detail =
        switch (status) {
          case 401 -> "A valid bearer token is required.";
          case 403 -> "The token does not carry a role that may do this.";
          case 404 -> "No such resource.";
          case 405 -> "This method is not allowed here.";
          case 406 -> "The requested media type cannot be produced.";
          case 413 -> "The request body is too large.";
          case 415 -> "This media type is not accepted here.";
          default -> "The request could not be processed.";
        };
    Problem problem = of(status, detail);
    return status == 401 ? problem.withHeader("WWW-Authenticate", "Bearer") : problem;
  }

  public static Problem invalid(List<FieldError> errors) {
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + ": " + errors.get(0).message()
            : "The request has " + errors.size() + " invalid fields.";
    return new Problem(400, titleOf(400), detail, List.copyOf(errors), Map.of());
  }

  /** 422: well-formed, but naming something that cannot be used. */
  public static Problem unprocessable(String detail, FieldError error) {
    return new Problem(422, titleOf(422), detail, List.of(error), Map.of());
  }

  public static Problem invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public Problem withHeader(String name, String value) {
    var all = new java.util.LinkedHashMap<>(headers);
    all.put(name, value);
    return new Problem(status, title, detail, errors, Map.copyOf(all));
  }

  public ProblemException exception() {
    return new ProblemException(this);
  }

  public JsonObject toJson() {
    JsonObjectBuilder json =
        Jsons.object().add("type", "about:blank").add("title", title).add("status", status);
    if (detail != null) json.add("detail", detail);
    if (!errors.isEmpty()) {
      JsonArrayBuilder list = Jsons.array();
      errors.forEach(
          e -> list.add(Jsons.object().add("field", e.field()).add("message", e.message())));
      json.add("errors", list);
    }
    return json.build();
  }

  public Response toResponse() {
    Response.ResponseBuilder response =
        Response.status(status).type(MEDIA_TYPE).entity(toJson().toString());
    headers.forEach(response::header);
    return response.build();
  }

  /** Writes it as the whole response of a servlet (the error page, the intake). */
  public void write(HttpServletResponse response) throws IOException {
    response.resetBuffer();
    response.setStatus(status);
    headers.forEach(response::setHeader);
    response.setContentType(MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(toJson().toString());
  }

  static String titleOf(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default ->
          Response.Status.fromStatusCode(status) != null
              ? Response.Status.fromStatusCode(status).getReasonPhrase()
              : "Error";
    };
  }
}
