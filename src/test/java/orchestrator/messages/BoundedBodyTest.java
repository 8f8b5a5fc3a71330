package orchestrator.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import orchestrator.platform.Problem;
import orchestrator.platform.ProblemException;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

  /** An endless stream of 'x' that counts what is read from it. */
  private static final class EndlessStream extends InputStream {
    long read;

    @Override
    public int read() {
      read++;
      return 'x';
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Arrays.fill(b, off, off + len, (byte) 'x');
      read += len;
      return len;
    }
  }

  /** A stream that must not be touched. */
  private static final class UntouchableStream extends InputStream {
    @Override
    public int read() {
      return fail("the body was read although its Content-Length is too large");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return fail("the body was read although its Content-Length is too large");
    }
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) bytes[i] = (byte) i;
    return bytes;
  }

  @Test
  void aBodyOfExactlyTheMaximumIsRead() throws IOException {
    byte[] body = bytes(100_000);

    assertArrayEquals(body, BoundedBody.read(new ByteArrayInputStream(body), null, 100_000));
  }

  @Test
  void aBodyOfExactlyTheMaximumWithItsContentLengthIsRead() throws IOException {
    byte[] body = bytes(1000);

    assertArrayEquals(body, BoundedBody.read(new ByteArrayInputStream(body), "1000", 1000));
  }

  @Test
  void aBodyOneByteOverTheMaximumIsRejectedWith413() {
    byte[] body = bytes(100_001);

    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> BoundedBody.read(new ByteArrayInputStream(body), null, 100_000));

    assertEquals(413, e.problem().status());
  }

  @Test
  void aSmallMaximumIsEnforcedWithinTheFirstBuffer() {
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> BoundedBody.read(new ByteArrayInputStream(bytes(11)), null, 10));

    assertEquals(413, e.problem().status());
  }

  @Test
  void aDeclaredLengthOverTheMaximumIsRejectedWithoutReadingTheBody() {
    ProblemException e =
        assertThrows(
            ProblemException.class, () -> BoundedBody.read(new UntouchableStream(), "1001", 1000));

    assertEquals(413, e.problem().status());
  }

  @Test
  void aHugeDeclaredLengthIsRejectedWithoutReadingTheBody() {
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> BoundedBody.read(new UntouchableStream(), "99999999999999", 1000));

    assertEquals(413, e.problem().status());
  }

  @Test
  void aMalformedDeclaredLengthIsRejectedWith400() {
    for (String length : List.of("abc", "", "12kb", "1.5")) {
      ProblemException e =
          assertThrows(
              ProblemException.class,
              () -> BoundedBody.read(new UntouchableStream(), length, 1000),
              length);

      assertEquals(400, e.problem().status(), length);
      assertEquals(
          List.of("Content-Length"),
          e.problem().errors().stream().map(Problem.FieldError::field).toList(),
          length);
    }
  }

  @Test
  void aDeclaredLengthWithSpacesIsAccepted() throws IOException {
    assertArrayEquals(bytes(3), BoundedBody.read(new ByteArrayInputStream(bytes(3)), " 3 ", 10));
  }

  @Test
  void aBodyLongerThanItsUnderstatedLengthIsStillBounded() {
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> BoundedBody.read(new ByteArrayInputStream(bytes(5000)), "10", 1000));

    assertEquals(413, e.problem().status());
  }

  @Test
  void anEndlessBodyIsRejectedAfterReadingOneByteBeyondTheMaximum() {
    EndlessStream body = new EndlessStream();
    int max = 100_000;

    ProblemException e =
        assertThrows(ProblemException.class, () -> BoundedBody.read(body, null, max));

    assertEquals(413, e.problem().status());
    assertEquals(max + 1, body.read);
  }

  @Test
  void anAbsentBodyReadsAsEmpty() throws IOException {
    assertEquals(0, BoundedBody.read(null, null, 10).length);
  }

  @Test
  void anEmptyBodyReadsAsEmpty() throws IOException {
    assertEquals(0, BoundedBody.read(new ByteArrayInputStream(new byte[0]), "0", 10).length);
  }
}
