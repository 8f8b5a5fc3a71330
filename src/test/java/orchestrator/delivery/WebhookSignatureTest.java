package orchestrator.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The expected literals were computed once with openssl, e.g. {@code printf '%s'
 * 'msg_1.1614265330.{"test": 2432232314}' | openssl dgst -sha256 -hmac 'my-plain-secret' -binary |
 * base64} and for a binary key {@code -mac HMAC -macopt
 * hexkey:31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b0}.
 */
class WebhookSignatureTest {

  private static final String ID = "msg_1";
  private static final long TIMESTAMP = 1614265330L;
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

  /** HMAC-SHA256 computed here, independently of the class under test. */
  private static String expected(byte[] key, String id, long timestamp, byte[] body)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    content.writeBytes(body);
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.toByteArray()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void standardWebhooksReferenceVectorIsReproduced() {
    String signature =
        WebhookSignature.sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330L,
            BODY);

    assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
  }

  @Test
  void plainSecretSignsWithItsUtf8Bytes() throws Exception {
    String signature = WebhookSignature.sign("my-plain-secret", ID, TIMESTAMP, BODY);

    assertEquals("v1,B8UQ4yThnXdttRnCX1sl/qgLy1EURQwAESQrV5qW1gE=", signature);
    assertEquals(expected(utf8("my-plain-secret"), ID, TIMESTAMP, BODY), signature);
  }

  @Test
  void whsecSecretSignsWithTheDecodedBytesNotTheText() throws Exception {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    byte[] decoded = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    String signature = WebhookSignature.sign(secret, ID, TIMESTAMP, BODY);

    assertEquals(expected(decoded, ID, TIMESTAMP, BODY), signature);
    assertNotEquals(expected(utf8(secret), ID, TIMESTAMP, BODY), signature);
    assertNotEquals(
        expected(utf8("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), ID, TIMESTAMP, BODY), signature);
    assertArrayEquals(decoded, WebhookSignature.key(secret));
  }

  @Test
  void whsecSecretWhoseRestIsNotBase64FallsBackToTheWholeSecretAsText() throws Exception {
    String secret = "whsec_not*base64!";

    String signature = WebhookSignature.sign(secret, ID, TIMESTAMP, BODY);

    assertEquals("v1,scA/aCHjPhtclnfDHKz383jvMQnwFZB04o7CsSe25Oo=", signature);
    assertEquals(expected(utf8(secret), ID, TIMESTAMP, BODY), signature);
  }

  @Test
  void whsecSecretWithAnEmptyRestFallsBackWithoutAnException() throws Exception {
    String signature = WebhookSignature.sign("whsec_", ID, TIMESTAMP, BODY);

    assertEquals("v1,CG4rbCTvYoJcmE3JqZMtDHQ5xewz6zXVJ/YsaabYb7Y=", signature);
    assertEquals(expected(utf8("whsec_"), ID, TIMESTAMP, BODY), signature);
  }

  @Test
  void binaryBodyIsSignedExactlyAsItsBytes() throws Exception {
    byte[] body = new byte[256];
    for (int i = 0; i < body.length; i++) body[i] = (byte) i;

    String signature = WebhookSignature.sign("my-plain-secret", "msg_bin", 1700000000L, body);

    assertEquals("v1,NLedSpSPEiUNiY4IQJysafNJiQVaqMqFbche4+fVBEU=", signature);
    assertEquals(expected(utf8("my-plain-secret"), "msg_bin", 1700000000L, body), signature);
  }

  @Test
  void differentTimestampsGiveDifferentSignatures() {
    assertNotEquals(
        WebhookSignature.sign("my-plain-secret", ID, TIMESTAMP, BODY),
        WebhookSignature.sign("my-plain-secret", ID, TIMESTAMP + 1, BODY));
  }

  @Test
  void differentIdsGiveDifferentSignatures() {
    assertNotEquals(
        WebhookSignature.sign("my-plain-secret", "msg_1", TIMESTAMP, BODY),
        WebhookSignature.sign("my-plain-secret", "msg_2", TIMESTAMP, BODY));
  }

  @Test
  void signatureIsVersionedAndDeterministic() {
    String first = WebhookSignature.sign("my-plain-secret", ID, TIMESTAMP, BODY);

    assertTrue(first.startsWith("v1,"), first);
    assertEquals(32, Base64.getDecoder().decode(first.substring(3)).length);
    assertEquals(first, WebhookSignature.sign("my-plain-secret", ID, TIMESTAMP, BODY));
  }
}
