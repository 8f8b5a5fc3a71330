package orchestrator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aVerificationIsReusedForAMinuteAtMost() {
    assertEquals(NOW.plus(VerifiedTokens.REUSE), VerifiedTokens.reusableUntil(token(NOW.minusSeconds(10), NOW.plusSeconds(3600)), NOW, Optional.empty()));
  }

  @Test
  void neverPastTheTokensExpiry() {
    assertEquals(NOW.plusSeconds(5), VerifiedTokens.reusableUntil(token(NOW.minusSeconds(10), NOW.plusSeconds(5)), NOW, Optional.empty()));
  }

  @Test
  void neverPastTheConfiguredTokenAge() {
    JsonWebToken issuedAWhileAgo = token(NOW.minusSeconds(290), NOW.plusSeconds(3600));
    assertEquals(NOW.plusSeconds(10), VerifiedTokens.reusableUntil(issuedAWhileAgo, NOW, Optional.of(Duration.ofSeconds(300))));
  }

  private static JsonWebToken token(Instant issued, Instant expiry) {
    return new JsonWebToken() {
      @Override
      public String getName() {
        return "someone";
      }

      @Override
      public Set<String> getClaimNames() {
        return Set.of("iat", "exp");
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> T getClaim(String claim) {
        return switch (claim) {
          case "iat" -> (T) Long.valueOf(issued.getEpochSecond());
          case "exp" -> (T) Long.valueOf(expiry.getEpochSecond());
          default -> null;
        };
      }
    };
  }
}
