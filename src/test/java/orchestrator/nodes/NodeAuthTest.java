package orchestrator.nodes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeAuthTest {

  @Test
  void bearerSendsTheTokenInAuthorization() {
    assertArrayEquals(
        new String[] {"Authorization", "Bearer t0k"},
        new NodeAuth("bearer", "t0k", null, null, null, null).header());
  }

  @Test
  void basicSendsBase64OfUserColonPassword() {
    // base64("Aladdin:open sesame"), the example of RFC 7617
    assertArrayEquals(
        new String[] {"Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="},
        new NodeAuth("basic", null, "Aladdin", "open sesame", null, null).header());
  }

  @Test
  void basicEncodesNonAsciiAsUtf8() {
    // base64 of the UTF-8 bytes of "jos\u00e9:p\u00e4ss"
    assertArrayEquals(
        new String[] {"Authorization", "Basic am9zw6k6cMOkc3M="},
        new NodeAuth("basic", null, "jos\u00e9", "p\u00e4ss", null, null).header());
  }

  @Test
  void headerSendsTheNamedHeader() {
    assertArrayEquals(
        new String[] {"X-Api-Key", "k3y"},
        new NodeAuth("header", null, null, null, "X-Api-Key", "k3y").header());
  }

  @Test
  void noneSendsNoHeader() {
    assertNull(NodeAuth.NONE.header());
  }

  @Test
  void maskedSecretsAreNamedByTheirField() {
    assertEquals(
        List.of("auth.token"),
        new NodeAuth("bearer", "***", null, null, null, null).maskedFields());
    assertEquals(
        List.of("auth.password"),
        new NodeAuth("basic", null, "u", "***", null, null).maskedFields());
    assertEquals(
        List.of("auth.value"),
        new NodeAuth("header", null, null, null, "X-Key", "***").maskedFields());
    assertEquals(List.of(), new NodeAuth("bearer", "t", null, null, null, null).maskedFields());
  }

  @Test
  void aMaskedSecretOfAnotherAuthTypeStaysMaskedSoItIsRefused() {
    NodeAuth changedType =
        new NodeAuth("header", null, null, null, "X-Key", "***")
            .keepingSecretsOf(new NodeAuth("bearer", "tok", null, null, null, null));

    assertEquals(List.of("auth.value"), changedType.maskedFields());
  }

  @Test
  void maskedSecretsAreTakenFromTheStoredAuthOfTheSameType() {
    NodeAuth stored = new NodeAuth("basic", null, "old", "pw", null, null);

    NodeAuth kept = new NodeAuth("basic", null, "new", "***", null, null).keepingSecretsOf(stored);

    assertArrayEquals(
        new String[] {
          "Authorization", new NodeAuth("basic", null, "new", "pw", null, null).header()[1]
        },
        kept.header());
  }

  @Test
  void maskedSecretsAreNotTakenFromAStoredAuthOfAnotherType() {
    NodeAuth stored = new NodeAuth("header", null, null, null, "X-Key", "v");
    NodeAuth request = new NodeAuth("bearer", "***", null, null, null, null);

    assertArrayEquals(
        new String[] {"Authorization", "Bearer ***"}, request.keepingSecretsOf(stored).header());
  }
}
