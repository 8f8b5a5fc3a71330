package orchestrator.testing;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified token as the server hands it over, with these claims (for tests of what the product
 * reads from one).
 */
public final class ClaimsToken {
  private ClaimsToken() {}

  public static JsonWebToken of(Map<String, Object> claims) {
    return new JsonWebToken() {
      @Override
      public String getName() {
        return "someone";
      }

      @Override
      public Set<String> getClaimNames() {
        return claims.keySet();
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> T getClaim(String claimName) {
        return (T) claims.get(claimName);
      }
    };
  }
}
