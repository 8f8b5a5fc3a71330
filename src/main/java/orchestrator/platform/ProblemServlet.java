package orchestrator.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the web container (see web.xml): errors raised before JAX-RS is reached, such
 * as a missing or bad token, or an unknown URL, become problem+json too.
 */
@WebServlet("/problem")
public class ProblemServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    int status = code instanceof Integer i ? i : 404;
    Problem problem;
    if (thrown instanceof Throwable t) {
      problem = ProblemMappers.unexpectedProblem(t);
    } else if (status >= 500) {
      problem =
          ProblemMappers.unexpectedProblem(
              new IllegalStateException("container reported status " + status));
    } else {
      problem = Problem.standard(status);
    }
    problem.write(response);
  }
}
