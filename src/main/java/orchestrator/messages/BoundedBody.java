package orchestrator.messages;

import java.io.IOException;
import java.io.InputStream;
import orchestrator.platform.Problem;

/** Reads a request body of at most {@code maxBytes}, never reading more than one byte past that. */
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
    // One byte more than allowed tells a body that is too large. readNBytes grows its buffer with
    // what arrives (8 KB at first), where a fixed 64 KB + 16 KB cost every 1 KB message as much.
    byte[] bytes = body.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
    if (bytes.length > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }

  private static RuntimeException tooLarge(int maxBytes) {
    return Problem.of(413, "The body is larger than intake.max-bytes (" + maxBytes + " bytes).")
        .exception();
  }
}
