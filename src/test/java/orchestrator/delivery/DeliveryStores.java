package orchestrator.delivery;

import orchestrator.platform.database.Jdbc;

/**
 * A {@link DeliveryStore} over the given database, for tests of other components that write through
 * it.
 */
public final class DeliveryStores {
  private DeliveryStores() {}

  public static DeliveryStore over(Jdbc jdbc) {
    DeliveryStore store = new DeliveryStore();
    store.jdbc = jdbc;
    return store;
  }
}
