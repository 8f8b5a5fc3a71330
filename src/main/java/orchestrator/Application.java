package orchestrator;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The REST API under /api, secured by MicroProfile JWT with the product's three roles. */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.PRODUCER, Roles.OPERATOR, Roles.ADMIN})
@ApplicationScoped // lets CDI see the JWT beans with bean-discovery-mode="annotated"
@OpenAPIDefinition(
    info =
        @Info(
            title = "Distribution Orchestrator",
            version = "0.1.0",
            description =
                "Takes messages from producers, stores them and delivers them to every destination node over HTTP."
                    + " Every operation needs a bearer JWT; its roles (the token's groups claim) are in its description and in x-roles."
                    + " Every error is application/problem+json."))
@SecurityScheme(
    securitySchemeName = Application.BEARER_JWT,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description =
        "MicroProfile JWT, RS256; roles from the groups claim (producer, operator, admin), the producer's identity from sub.")
public class Application extends jakarta.ws.rs.core.Application {
  /** The OpenAPI security scheme every operation requires. */
  public static final String BEARER_JWT = "bearerJwt";

  @Override
  public Map<String, Object> getProperties() {
    // Location headers stay as written ("/api/messages/{id}"), as the contract shows them
    return Map.of("jersey.config.server.headers.location.relative.resolution.disabled", true);
  }
}
