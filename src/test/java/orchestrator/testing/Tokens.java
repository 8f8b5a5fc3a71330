package orchestrator.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Mints tokens as an identity provider would, signed with the key the test server trusts. */
public final class Tokens {
  private Tokens() {}

  public static String of(String subject, String... groups) {
    return sign(
        TestEnvironment.keys().getPrivate(),
        TestEnvironment.ISSUER,
        subject,
        Instant.now().plusSeconds(3600),
        groups);
  }

  public static String expired(String subject, String... groups) {
    return sign(
        TestEnvironment.keys().getPrivate(),
        TestEnvironment.ISSUER,
        subject,
        Instant.now().minusSeconds(600),
        groups);
  }

  /** A token that expires at {@code expiry} (its exp has whole seconds). */
  public static String expiringAt(Instant expiry, String subject, String... groups) {
    return sign(
        TestEnvironment.keys().getPrivate(), TestEnvironment.ISSUER, subject, expiry, groups);
  }

  public static String wrongIssuer(String subject, String... groups) {
    return sign(
        TestEnvironment.keys().getPrivate(),
        "https://someone.else.invalid",
        subject,
        Instant.now().plusSeconds(3600),
        groups);
  }

  public static String foreignKey(String subject, String... groups) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return sign(
          generator.generateKeyPair().getPrivate(),
          TestEnvironment.ISSUER,
          subject,
          Instant.now().plusSeconds(3600),
          groups);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(
      PrivateKey key, String issuer, String subject, Instant expiry, String... groups) {
    try {
      Instant issued = expiry.minusSeconds(3600);
      JWTClaimsSet claims =
          new JWTClaimsSet.Builder()
              .issuer(issuer)
              .subject(subject)
              .claim("upn", subject)
              .claim("groups", List.of(groups))
              .issueTime(Date.from(issued))
              .expirationTime(Date.from(expiry))
              .jwtID(UUID.randomUUID().toString())
              .build();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
