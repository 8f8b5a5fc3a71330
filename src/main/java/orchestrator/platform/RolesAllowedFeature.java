package orchestrator.platform;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import orchestrator.Roles;

/**
 * Enforces {@code @RolesAllowed} on the REST resources whatever the server (§4): no authenticated
 * caller gets 401, a caller without one of the roles 403. Payara's Jersey does the same already;
 * RESTEasy (WildFly) checks the annotation only when {@code resteasy.role.based.security} is set,
 * and then answers 403 where the contract wants 401. The method's annotation wins over the class's.
 */
@Provider
public class RolesAllowedFeature implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    Method method = resource.getResourceMethod();
    if (method == null) return;
    if (method.isAnnotationPresent(DenyAll.class)) {
      context.register(new Check(new String[0]));
    } else if (method.isAnnotationPresent(RolesAllowed.class)) {
      context.register(new Check(method.getAnnotation(RolesAllowed.class).value()));
    } else if (!method.isAnnotationPresent(PermitAll.class)) {
      Class<?> type = resource.getResourceClass();
      if (type.isAnnotationPresent(DenyAll.class)) context.register(new Check(new String[0]));
      else if (type.isAnnotationPresent(RolesAllowed.class))
        context.register(new Check(type.getAnnotation(RolesAllowed.class).value()));
    }
  }

  @Priority(Priorities.AUTHORIZATION)
  static final class Check implements ContainerRequestFilter {
    private final String[] roles;

    Check(String[] roles) {
      this.roles = roles.clone();
    }

    @Override
    public void filter(ContainerRequestContext request) {
      SecurityContext security = request.getSecurityContext();
      if (security == null || security.getUserPrincipal() == null)
        throw new NotAuthorizedException("Bearer");
      if (Roles.anyOf(security, roles)) return;
      throw new ForbiddenException();
    }
  }
}
