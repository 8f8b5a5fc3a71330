package orchestrator.messages;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import orchestrator.Roles;
import orchestrator.platform.Metrics;
import orchestrator.platform.Problem;
import orchestrator.platform.ProblemException;
import orchestrator.platform.ProblemMappers;
import orchestrator.platform.database.DataAccessException;

/**
 * POST /api/messages (§6): a servlet rather than a JAX-RS method, because the intake is the one
 * call made thousands of times a second, and Jersey's per-request work (routing, injection,
 * filters, the server's telemetry listener) was about 40 % of its request threads' CPU
 * (docs/performance.md, sixteenth round). Its exact mapping wins over the JAX-RS application's
 * /api/*; the server's MP-JWT mechanism authenticates it like every other /api call. Its OpenAPI
 * description is in META-INF/openapi.yaml (and {@link IntakeOpenApi}). The other message calls stay
 * in {@link MessagesResource}.
 */
@WebServlet("/api/messages")
public class IntakeServlet extends HttpServlet {
  private static final String ALLOWED = "POST, OPTIONS";

  /**
   * The roles that may submit (§4); the OpenAPI document lists them too ({@link IntakeOpenApi}).
   */
  static final String[] ROLES = {Roles.PRODUCER, Roles.ADMIN};

  @Inject Intake intake;
  @Inject BatchedIntake batchedIntake;
  @Inject IntakeSettings settings;
  @Inject Metrics metrics;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    switch (request.getMethod()) {
      case "POST" -> submit(request, response);
      case "OPTIONS" -> response.setHeader("Allow", ALLOWED);
      default -> Problem.standard(405).withHeader("Allow", ALLOWED).write(response);
    }
  }

  private void submit(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try {
      Principal caller = request.getUserPrincipal();
      if (caller == null) throw Problem.standard(401).exception();
      if (!Roles.anyOf(caller, request::isUserInRole, ROLES))
        throw Problem.standard(403).exception();
      byte[] bytes =
          BoundedBody.read(
              request.getInputStream(), request.getHeader("Content-Length"), settings.maxBytes());
      Submission submission =
          Submission.of(
              Roles.identity(caller),
              request.getHeader("Event-Type"),
              request.getHeader("Event-Destinations"),
              request.getHeader("Idempotency-Key"),
              request.getHeader("Content-Type"),
              bytes);
      Intake.Outcome outcome = accept(submission);
      if (outcome.created()) {
        metrics.increment("orchestrator.messages.received", "Messages accepted (201)", 1);
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setHeader("Location", "/api/messages/" + outcome.message().id());
      }
      byte[] json =
          MessageJson.write(outcome.message()).toString().getBytes(StandardCharsets.UTF_8);
      response.setContentType("application/json");
      response.setContentLength(json.length);
      response.getOutputStream().write(json);
    } catch (ProblemException e) {
      e.problem().write(response);
    } catch (RuntimeException | IOException e) {
      ProblemMappers.unexpectedProblem(e).write(response);
    }
  }

  private Intake.Outcome accept(Submission submission) {
    try {
      return batchedIntake.accept(submission);
    } catch (DataAccessException e) {
      if (!e.isUniqueViolation() || submission.idempotencyKey() == null) throw e;
      return intake.accept(submission); // a concurrent request with the same key won: a repeat
    }
  }
}
