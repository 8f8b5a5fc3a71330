package orchestrator.nodes;

import orchestrator.platform.database.Jdbc;

/**
 * A {@link NodeStore} over the given database, for tests of other components that read nodes
 * through it.
 */
public final class NodeStores {
  private NodeStores() {}

  public static NodeStore over(Jdbc jdbc) {
    NodeStore store = new NodeStore();
    store.jdbc = jdbc;
    return store;
  }
}
