package orchestrator;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;

/** The REST API under /api, secured by MicroProfile JWT with the product's three roles. */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.PRODUCER, Roles.OPERATOR, Roles.ADMIN})
@ApplicationScoped // lets CDI see the JWT beans with bean-discovery-mode="annotated"
public class Application extends jakarta.ws.rs.core.Application {

  @Override
  public Map<String, Object> getProperties() {
    // Location headers stay as written ("/api/messages/{id}"), as the contract shows them
    return Map.of("jersey.config.server.headers.location.relative.resolution.disabled", true);
  }
}
