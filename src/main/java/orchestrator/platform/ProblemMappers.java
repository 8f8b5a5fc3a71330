package orchestrator.platform;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns every exception that reaches JAX-RS into a problem+json response. */
public final class ProblemMappers {
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {}

  @Provider
  public static class Thrown implements ExceptionMapper<ProblemException> {
    @Override
    public Response toResponse(ProblemException e) {
      return e.problem().toResponse();
    }
  }

  /** 404, 405, 415 and the like, raised by JAX-RS itself. */
  @Provider
  public static class WebApplication implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (status >= 500) return unexpected(e);
      Problem problem = Problem.standard(status);
      if (e instanceof NotAllowedException && e.getResponse().getHeaderString("Allow") != null) {
        problem = problem.withHeader("Allow", e.getResponse().getHeaderString("Allow"));
      }
      return problem.toResponse();
    }
  }

  /**
   * Anything unforeseen: logged with a correlation id that the response carries instead of the
   * stack.
   */
  @Provider
  public static class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      if (DatabaseUnavailable.isCause(e)) return DatabaseUnavailable.problem().toResponse();
      return unexpected(e);
    }
  }

  static Response unexpected(Throwable e) {
    return unexpectedProblem(e).toResponse();
  }

  public static Problem unexpectedProblem(Throwable e) {
    if (DatabaseUnavailable.isCause(e)) return DatabaseUnavailable.problem();
    String id = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "Unexpected error, correlation id " + id, e);
    return Problem.of(500, "An unexpected error occurred. Correlation id: " + id + ".")
        .withHeader("Correlation-Id", id);
  }
}
