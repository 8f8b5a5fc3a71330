package orchestrator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import orchestrator.testing.ClaimsToken;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class RolesTest {

  /** The server's view of a caller; a token's roles must not be asked of the server. */
  private static SecurityContext signedIn(Principal caller, Set<String> serverRoles) {
    return new SecurityContext() {
      @Override
      public Principal getUserPrincipal() {
        return caller;
      }

      @Override
      public boolean isUserInRole(String role) {
        if (caller instanceof JsonWebToken) fail("a token's roles were asked of the server");
        return serverRoles.contains(role);
      }

      @Override
      public boolean isSecure() {
        return false;
      }

      @Override
      public String getAuthenticationScheme() {
        return "Bearer";
      }
    };
  }

  @Test
  void aTokensRolesAreItsGroups() {
    SecurityContext producer =
        signedIn(ClaimsToken.of(Map.of("groups", Set.of("producer", "auditors"))), Set.of());

    assertTrue(Roles.anyOf(producer, Roles.PRODUCER));
    assertTrue(Roles.anyOf(producer, Roles.ADMIN, Roles.PRODUCER));
    assertFalse(Roles.anyOf(producer, Roles.OPERATOR, Roles.ADMIN));
  }

  @Test
  void aTokenWithoutGroupsHasNoRole() {
    assertFalse(
        Roles.anyOf(
            signedIn(ClaimsToken.of(Map.of()), Set.of()),
            Roles.PRODUCER,
            Roles.OPERATOR,
            Roles.ADMIN));
  }

  @Test
  void noRoleAskedMeansNoRole() {
    assertFalse(Roles.anyOf(signedIn(ClaimsToken.of(Map.of("groups", Set.of("admin"))), Set.of())));
  }

  @Test
  void anyOtherCallerIsAskedOfTheServer() {
    SecurityContext operator = signedIn(() -> "someone", Set.of("operator"));

    assertTrue(Roles.anyOf(operator, Roles.PRODUCER, Roles.OPERATOR));
    assertFalse(Roles.anyOf(operator, Roles.ADMIN));
  }
}
