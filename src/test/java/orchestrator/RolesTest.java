package orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
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

  @Test
  void aRequestsRolesAreCheckedTheSameWay() {
    Principal token = ClaimsToken.of(Map.of("groups", Set.of("producer")));
    Predicate<String> server = role -> fail("a token's roles were asked of the server");
    assertTrue(Roles.anyOf(token, server, Roles.ADMIN, Roles.PRODUCER));
    assertFalse(Roles.anyOf(token, server, Roles.ADMIN));

    Principal someone = () -> "someone";
    assertTrue(Roles.anyOf(someone, Set.of("admin")::contains, Roles.PRODUCER, Roles.ADMIN));
    assertFalse(Roles.anyOf(someone, Set.of("operator")::contains, Roles.PRODUCER, Roles.ADMIN));
  }

  @Test
  void theCallerIsTheTokensSubjectOrThePrincipalsName() {
    assertEquals("client-1", Roles.identity(ClaimsToken.of(Map.of("sub", "client-1"))));
    assertEquals("someone", Roles.identity(() -> "someone"));
  }
}
