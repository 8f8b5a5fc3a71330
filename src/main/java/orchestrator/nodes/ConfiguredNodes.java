package orchestrator.nodes;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import orchestrator.configuration.ConfigurationCheck;
import orchestrator.configuration.ConfigurationException;
import orchestrator.platform.Jsons;
import orchestrator.platform.ProblemException;
import orchestrator.platform.database.DataAccessException;

/** Creates or updates, at start-up, the nodes listed under {@code nodes:} in the YAML file. */
@Startup
@Singleton
@DependsOn("Migrations") // which depends on ConfigurationCheck: a chain, as the server cannot sort
// redundant edges
@TransactionManagement(TransactionManagementType.BEAN) // each node is its own transaction
public class ConfiguredNodes {
  private static final Logger LOG = Logger.getLogger(ConfiguredNodes.class.getName());

  @Inject ConfigurationCheck configuration;
  @Inject Nodes nodes;
  @Inject NodeStore store;

  @PostConstruct
  void apply() {
    List<Map<String, Object>> declared = configuration.file().nodes();
    for (int i = 0; i < declared.size(); i++) {
      Map<String, Object> fields = declared.get(i);
      try {
        put(withStoredPause(read(i, fields), fields));
      } catch (DataAccessException e) {
        if (!e.isUniqueViolation()) throw e;
        put(
            withStoredPause(
                read(i, fields),
                fields)); // another instance created it at the same moment: now it is an update
      } catch (ProblemException e) {
        throw invalid(i, e);
      }
    }
    if (!declared.isEmpty())
      LOG.info(declared.size() + " node(s) from the configuration file created or updated.");
  }

  private void put(Node node) {
    LOG.info(
        (nodes.put(node) ? "Created" : "Updated")
            + " node '"
            + node.id()
            + "' from the configuration file.");
  }

  /** A pause set through the API survives restarts unless the file itself says paused or not. */
  private Node withStoredPause(Node node, Map<String, Object> fields) {
    if (fields.containsKey("paused")) return node;
    boolean paused = store.find(node.id()).map(Node::paused).orElse(node.paused());
    return new Node(
        node.id(),
        node.name(),
        node.endpoint(),
        node.enabled(),
        paused,
        node.eventTypes(),
        node.auth(),
        node.secret());
  }

  private Node read(int index, Map<String, Object> fields) {
    try {
      return NodeJson.read(json(fields), null);
    } catch (ProblemException e) {
      throw invalid(index, e);
    }
  }

  private ConfigurationException invalid(int index, ProblemException e) {
    String what =
        e.problem().errors().stream()
            .map(error -> "nodes[" + index + "]." + error.field() + " " + error.message())
            .reduce((a, b) -> a + "; " + b)
            .orElse(e.getMessage());
    return new ConfigurationException(
        "Invalid node in the configuration file " + configuration.file().path() + ": " + what);
  }

  private static JsonObject json(Map<?, ?> fields) {
    Map<String, Object> named = new LinkedHashMap<>();
    fields.forEach(
        (key, value) ->
            named.put(String.valueOf(key), value instanceof Map<?, ?> map ? json(map) : value));
    return Jsons.object(named).build();
  }
}
