package orchestrator;

/** The roles of the token's {@code groups} claim. */
public final class Roles {
  public static final String PRODUCER = "producer";
  public static final String OPERATOR = "operator";
  public static final String ADMIN = "admin";

  private Roles() {}
}
