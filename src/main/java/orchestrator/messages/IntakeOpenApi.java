package orchestrator.messages;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Completes the intake's OpenAPI operation, which META-INF/openapi.yaml describes because {@link
 * IntakeServlet} is no JAX-RS method: Payara drops the extensions of an operation read from that
 * file, so its x-roles (the roles every other operation lists) is added here, from the roles the
 * servlet checks. Registered by mp.openapi.filter.
 */
public class IntakeOpenApi implements OASFilter {
  static final String OPERATION_ID = "submitMessage";

  @Override
  public Operation filterOperation(Operation operation) {
    if (OPERATION_ID.equals(operation.getOperationId())) {
      operation.addExtension("x-roles", String.join(", ", IntakeServlet.ROLES));
    }
    return operation;
  }
}
