import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Development tokens for a local trial, with the JDK alone. NEVER point a production server at
 * these keys: anyone with this repository can mint tokens for them.
 *
 * <pre>
 *   java dev/DevToken.java keys                      # makes dev/keys/{private,public}.pem once
 *   java dev/DevToken.java token SUB GROUP[,GROUP]   # prints a one-hour RS256 token
 * </pre>
 */
public class DevToken {
  static final Path KEYS = Path.of(System.getProperty("dev.keys", "dev/keys"));
  static final String ISSUER = "https://dev.orchestrator.invalid";

  public static void main(String[] args) throws Exception {
    if (args.length >= 1 && args[0].equals("keys")) {
      keys();
    } else if (args.length == 3 && args[0].equals("token")) {
      keys();
      System.out.println(token(args[1], args[2].split(",")));
    } else {
      System.err.println("usage: java dev/DevToken.java keys | token SUB GROUP[,GROUP...]");
      System.exit(2);
    }
  }

  static void keys() throws Exception {
    Path privateKey = KEYS.resolve("private.pem");
    if (Files.exists(privateKey)) return;
    Files.createDirectories(KEYS);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.writeString(KEYS.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    System.err.println(
        "Development key pair written to " + KEYS.toAbsolutePath() + " (for local trials only).");
  }

  static String token(String subject, String[] groups) throws Exception {
    String pem =
        Files.readString(KEYS.resolve("private.pem")).replaceAll("-----[A-Z ]+-----|\\s", "");
    PrivateKey key =
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"sub\":"
            + quote(subject)
            + ",\"upn\":"
            + quote(subject)
            + ",\"groups\":["
            + Arrays.stream(groups).map(g -> quote(g.trim())).collect(Collectors.joining(","))
            + "],\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 3600)
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\"}";
    String signingInput =
        base64(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + base64(claims.getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + base64(signature.sign());
  }

  static String quote(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') json.append('\\').append(c);
      else if (c < 0x20) json.append(String.format("\\u%04x", (int) c));
      else json.append(c);
    }
    return json.append('"').toString();
  }

  static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
