package orchestrator.messages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import orchestrator.platform.Problem;

/** Reads a request body of at most {@code maxBytes}, without ever holding more than that in memory. */
final class BoundedBody {
  private BoundedBody() {}

  /**
   * @param declaredLength the Content-Length header, or null
   * @throws orchestrator.platform.ProblemException 413 as soon as the body is known to be too large
   */
  static byte[] read(InputStream body, String declaredLength, int maxBytes) throws IOException {
    if (declaredLength != null) {
      try {
        if (Long.parseLong(declaredLength.trim()) > maxBytes) throw tooLarge(maxBytes);
      } catch (NumberFormatException e) {
        throw Problem.invalid("Content-Length", "must be a number of bytes").exception();
      }
    }
    if (body == null) return new byte[0];
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 64 * 1024));
    byte[] buffer = new byte[16 * 1024];
    int total = 0;
    for (int n; (n = body.read(buffer)) != -1; ) {
      total += n;
      if (total > maxBytes) throw tooLarge(maxBytes);
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static RuntimeException tooLarge(int maxBytes) {
    return Problem.of(413, "The body is larger than intake.max-bytes (" + maxBytes + " bytes).").exception();
  }
}
