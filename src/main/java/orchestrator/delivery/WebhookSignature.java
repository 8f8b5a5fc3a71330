package orchestrator.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." +
 * body)>}. The key is the secret's UTF-8 bytes, or for a {@code whsec_<base64>} secret the decoded
 * part.
 */
public final class WebhookSignature {
  static final String PREFIX = "whsec_";

  private WebhookSignature() {}

  public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  static byte[] key(String secret) {
    if (secret.startsWith(PREFIX)) {
      try {
        byte[] decoded = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        if (decoded.length > 0) return decoded;
      } catch (IllegalArgumentException notBase64) {
        // not a Standard Webhooks secret after all: use it as written
      }
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
