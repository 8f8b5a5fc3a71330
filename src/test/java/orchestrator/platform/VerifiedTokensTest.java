package orchestrator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import orchestrator.testing.ClaimsToken;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aVerificationIsReusedForAMinuteAtMost() {
    assertEquals(
        NOW.plus(VerifiedTokens.REUSE),
        VerifiedTokens.reusableUntil(
            token(NOW.minusSeconds(10), NOW.plusSeconds(3600)), NOW, Optional.empty()));
  }

  @Test
  void neverPastTheTokensExpiry() {
    assertEquals(
        NOW.plusSeconds(5),
        VerifiedTokens.reusableUntil(
            token(NOW.minusSeconds(10), NOW.plusSeconds(5)), NOW, Optional.empty()));
  }

  @Test
  void neverPastTheConfiguredTokenAge() {
    JsonWebToken issuedAWhileAgo = token(NOW.minusSeconds(290), NOW.plusSeconds(3600));
    assertEquals(
        NOW.plusSeconds(10),
        VerifiedTokens.reusableUntil(issuedAWhileAgo, NOW, Optional.of(Duration.ofSeconds(300))));
  }

  private static JsonWebToken token(Instant issued, Instant expiry) {
    return ClaimsToken.of(Map.of("iat", issued.getEpochSecond(), "exp", expiry.getEpochSecond()));
  }
}
