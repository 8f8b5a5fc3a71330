package orchestrator;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The roles of the token's {@code groups} claim. */
public final class Roles {
  public static final String PRODUCER = "producer";
  public static final String OPERATOR = "operator";
  public static final String ADMIN = "admin";

  private Roles() {}

  /**
   * Whether the caller has one of the roles. A token's roles are its groups (§4, MP-JWT), read from
   * the token itself: the server's isUserInRole goes through its authorization (JACC on Payara), a
   * good share of a short request's time. Any other caller is asked through isUserInRole.
   */
  public static boolean anyOf(SecurityContext security, String... roles) {
    return anyOf(security.getUserPrincipal(), security::isUserInRole, roles);
  }

  /** The same for a caller and its server's role check (a servlet request's isUserInRole). */
  public static boolean anyOf(Principal caller, Predicate<String> isUserInRole, String... roles) {
    if (caller instanceof JsonWebToken token) {
      Set<String> groups = token.getGroups();
      if (groups == null) return false;
      for (String role : roles) {
        if (groups.contains(role)) return true;
      }
      return false;
    }
    for (String role : roles) {
      if (isUserInRole.test(role)) return true;
    }
    return false;
  }

  /** Who the caller is: a token's sub (§4), or any other principal's name. */
  public static String identity(Principal caller) {
    return caller instanceof JsonWebToken token ? token.getSubject() : caller.getName();
  }
}
