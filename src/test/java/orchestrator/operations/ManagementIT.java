package orchestrator.operations;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import orchestrator.testing.Api;
import orchestrator.testing.PayaraProcess;
import orchestrator.testing.Receiver;
import orchestrator.testing.TestEnvironment;
import orchestrator.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running the service as an operations team does: on a server-managed JDBC resource created by
 * server-config/payara/post-boot.asadmin (selected with DB_JNDI), and managed over JMX through the
 * management bean, as JConsole would.
 */
class ManagementIT {
  @TempDir Path work;

  @Test
  void onAServerManagedPoolTheManagementBeanSuspendsResumesAndRunsRoundsAndPurges()
      throws Exception {
    String db = TestEnvironment.createDatabase();
    int jmxPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      jmxPort = socket.getLocalPort();
    }
    Map<String, String> environment = new HashMap<>(TestEnvironment.serverEnvironment(db));
    environment.put("DB_JNDI", "jdbc/orchestrator");
    environment.put(
        "DB_PASSWORD", "unused"); // the pool needs all three; trust authentication ignores it
    environment.put(
        "JAVA_TOOL_OPTIONS",
        "-Dcom.sun.management.jmxremote.port="
            + jmxPort
            + " -Dcom.sun.management.jmxremote.rmi.port="
            + jmxPort
            + " -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false -Djava.rmi.server.hostname=127.0.0.1");
    List<String> options =
        List.of(
            "--postbootcommandfile",
            Path.of("server-config", "payara", "post-boot.asadmin").toAbsolutePath().toString(),
            "--addlibs",
            postgresDriver());
    try (Receiver receiver = Receiver.answering(200);
        PayaraProcess server = PayaraProcess.start(work, environment, options)) {
      String log = server.awaitBoot();
      assertTrue(
          log.contains("server-managed data source jdbc/orchestrator"),
          () -> PayaraProcess.tail(log));
      Api api = new Api(server.uri("/").toURL());
      String admin = Tokens.of("ops-admin", "admin");
      assertEquals(
          201,
          api.put("/api/nodes/jmx-node")
              .token(admin)
              .json("{\"endpoint\":\"" + receiver.url() + "\"}")
              .send()
              .status());

      try (JMXConnector connector =
          JMXConnectorFactory.connect(
              new JMXServiceURL(
                  "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"))) {
        MBeanServerConnection connection = connector.getMBeanServerConnection();
        OrchestratorMXBean bean =
            JMX.newMXBeanProxy(
                connection, new ObjectName(Orchestrator.NAME), OrchestratorMXBean.class);
        assertFalse(bean.isDeliverySuspended());

        bean.suspendDelivery();
        String location =
            api.post("/api/messages")
                .token(Tokens.of("ops-producer", "producer"))
                .header("Event-Type", "ops.event")
                .json("{}")
                .send()
                .header("Location");
        Thread.sleep(1500);
        assertEquals(0, receiver.received(), "nothing is delivered while suspended");
        assertEquals(1, bean.getPendingDeliveries());
        assertTrue(bean.isDeliverySuspended());

        bean.resumeDelivery();
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> bean.getPendingDeliveries() == 0);
        assertEquals(
            "DELIVERED",
            api.get(location)
                .token(admin)
                .send()
                .json()
                .getJsonArray("deliveries")
                .getJsonObject(0)
                .getString("status"));

        bean.runRoundNow();
        assertTrue(bean.runPurgeNow().startsWith("Report["), "a purge ran and reported");
        assertTrue(bean.getLastPurge().startsWith("Report["));
        assertFalse(bean.getLastRound().equals("null"));
      }
    }
  }

  private static String postgresDriver() {
    return Path.of(
            System.getProperty("user.home"),
            ".m2",
            "repository",
            "org",
            "postgresql",
            "postgresql",
            "42.7.8",
            "postgresql-42.7.8.jar")
        .toString();
  }
}
