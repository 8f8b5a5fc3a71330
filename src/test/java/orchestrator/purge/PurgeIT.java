package orchestrator.purge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import orchestrator.testing.Api;
import orchestrator.testing.Deployments;
import orchestrator.testing.Receiver;
import orchestrator.testing.TestEnvironment;
import orchestrator.testing.Tokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Retention (§3): the test servers purge every second, delivered after 3600 s, frozen after 7200 s
 * and the delivery log after 1800 s (it/application.yaml). Tests move the moments rows became final
 * into the past rather than wait.
 */
@ExtendWith(ArquillianExtension.class)
class PurgeIT {
  private static final Duration PURGED_WITHIN = Duration.ofSeconds(10);

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.war();
  }

  @ArquillianResource URL url;

  private final String run = UUID.randomUUID().toString().substring(0, 6);
  private final String admin = Tokens.of("purge-admin", "admin");

  @Test
  void aDeliveredMessageGoesOncePastPurgeDeliveredAndNotBefore() throws Exception {
    try (Receiver receiver = Receiver.answering(200)) {
      node("a", receiver.url(), false);
      String old = deliveredMessage("a");
      String recent = deliveredMessage("a");
      backdate(old, "delivered_at", 3700);
      backdate(recent, "delivered_at", 3500);
      awaitGone(old);
      assertEquals(404, api().get(old + "/payload").token(admin).send().status());
      assertEquals(404, api().get(old + "/attempts").token(admin).send().status());
      Thread.sleep(2000);
      assertEquals(
          200, api().get(recent).token(admin).send().status(), "not yet past purge.delivered");
    }
  }

  @Test
  void aFrozenMessageGoesOncePastPurgeFrozen() throws Exception {
    node("f", "http://127.0.0.1:9/", true);
    String old = post("f");
    String recent = post("f");
    assertEquals(
        204, api().delete("/api/nodes/f-" + run).token(admin).send().status()); // freezes both
    backdate(old, "frozen_at", 7300);
    backdate(recent, "frozen_at", 3700); // past purge.delivered, but frozen keeps longer
    awaitGone(old);
    Thread.sleep(2000);
    assertEquals(200, api().get(recent).token(admin).send().status());
  }

  @Test
  void aMessageDeliveredToOneNodeAndFrozenForAnotherGoesWhenBothArePastTheirRetention()
      throws Exception {
    try (Receiver receiver = Receiver.answering(200)) {
      node("m1", receiver.url(), false);
      node("m2", "http://127.0.0.1:9/", true);
      String location = post("m1", "m2");
      awaitStatus(location, "m1-" + run, "DELIVERED");
      assertEquals(204, api().delete("/api/nodes/m2-" + run).token(admin).send().status());
      backdate(location, "delivered_at", 3700);
      backdate(location, "frozen_at", 3700);
      Thread.sleep(2500);
      assertEquals(
          200,
          api().get(location).token(admin).send().status(),
          "the frozen delivery is not past purge.frozen yet");
      backdate(location, "frozen_at", 7300);
      awaitGone(location);
    }
  }

  @Test
  void aMessageWithAPendingDeliveryIsNeverPurged() throws Exception {
    try (Receiver receiver = Receiver.answering(200)) {
      node("p1", receiver.url(), false);
      node("p2", receiver.url(), true); // paused: its delivery stays PENDING
      String location = post("p1", "p2");
      awaitStatus(location, "p1-" + run, "DELIVERED");
      backdate(location, "delivered_at", 100_000);
      Thread.sleep(2500);
      JsonObject message = api().get(location).token(admin).send().json();
      assertEquals(2, message.getJsonArray("deliveries").size(), "nothing of the message changed");
    }
  }

  @Test
  void deliveryLogRecordsGoOncePastPurgeLogAndTheMessageStays() throws Exception {
    try (Receiver receiver = Receiver.answering(200)) {
      node("l", receiver.url(), false);
      String location = deliveredMessage("l");
      assertEquals(1, api().get(location + "/attempts").token(admin).send().array().size());
      try (Connection connection = TestEnvironment.connect();
          PreparedStatement statement =
              connection.prepareStatement(
                  "update delivery_attempt set at = at - interval '1900 seconds' where message_id = ?")) {
        statement.setObject(1, UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
        assertEquals(1, statement.executeUpdate());
      }
      await()
          .atMost(PURGED_WITHIN)
          .until(() -> api().get(location + "/attempts").token(admin).send().array().isEmpty());
      assertEquals(
          "DELIVERED",
          api()
              .get(location)
              .token(admin)
              .send()
              .json()
              .getJsonArray("deliveries")
              .getJsonObject(0)
              .getString("status"));
    }
  }

  @Test
  void purgingWhileMessagesAreBeingDeliveredLosesNothingThatIsPending() throws Exception {
    try (Receiver receiver = Receiver.slow(30)) {
      node("race", receiver.url(), false);
      List<String> locations = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        locations.add(post("race"));
        // as soon as a delivery is done, make it purgeable, while later ones are still in flight
        if (i % 4 == 3) {
          for (String done : locations) backdateIfDelivered(done);
        }
      }
      // every message ends delivered (and then purged) or, on a machine too busy for the 1 s
      // timeout, frozen
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (String location : locations) backdateIfDelivered(location);
                return locations.stream()
                    .allMatch(
                        location -> {
                          Api.Reply reply = api().get(location).token(admin).send();
                          return reply.status() == 404
                              || reply
                                  .json()
                                  .getJsonArray("deliveries")
                                  .getJsonObject(0)
                                  .getString("status")
                                  .equals("FROZEN");
                        });
              });
      java.util.Set<String> received = new java.util.HashSet<>();
      receiver.requests().stream()
          .filter(r -> r.status() == 200)
          .forEach(r -> received.add(r.header("Message-Id")));
      int purged = 0;
      for (String location : locations) {
        if (api().get(location).token(admin).send().status() == 404) {
          purged++;
          assertTrue(
              received.contains(location.substring(location.lastIndexOf('/') + 1)),
              "a purged message had been delivered: " + location);
        }
      }
      assertTrue(purged > 0, "the purge ran while deliveries went on");
    }
  }

  private void backdateIfDelivered(String location) throws Exception {
    try (Connection connection = TestEnvironment.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update delivery set delivered_at = delivered_at - interval '3700 seconds' where message_id = ? and status = 'DELIVERED' and delivered_at > now() - interval '3600 seconds'")) {
      statement.setObject(1, UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
      statement.executeUpdate();
    }
  }

  private Api api() {
    return new Api(url);
  }

  private void node(String name, String endpoint, boolean paused) {
    String body =
        "{\"endpoint\":\""
            + endpoint
            + "\",\"paused\":"
            + paused
            + ",\"eventTypes\":[\"purge."
            + run
            + "."
            + name
            + "\"]}";
    assertEquals(
        201, api().put("/api/nodes/" + name + "-" + run).token(admin).json(body).send().status());
  }

  private String post(String... nodes) {
    List<String> ids = new ArrayList<>();
    for (String node : nodes) ids.add(node + "-" + run);
    Api.Reply reply =
        api()
            .post("/api/messages")
            .token(Tokens.of("purge-producer", "producer"))
            .header("Event-Type", "purge." + run + "." + nodes[0])
            .header("Event-Destinations", String.join(",", ids))
            .json("{}")
            .send();
    assertEquals(201, reply.status(), reply::toString);
    return reply.header("Location");
  }

  private String deliveredMessage(String node) {
    String location = post(node);
    awaitStatus(location, node + "-" + run, "DELIVERED");
    return location;
  }

  private void awaitStatus(String location, String node, String status) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                api().get(location).token(admin).send().json().getJsonArray("deliveries").stream()
                    .anyMatch(
                        d ->
                            d.asJsonObject().getString("node").equals(node)
                                && d.asJsonObject().getString("status").equals(status)));
  }

  private void awaitGone(String location) {
    await()
        .atMost(PURGED_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> api().get(location).token(admin).send().status() == 404);
  }

  /** Moves the moment the message's deliveries were delivered or frozen this many seconds back. */
  private static void backdate(String location, String column, int seconds) throws Exception {
    try (Connection connection = TestEnvironment.connect();
        PreparedStatement statement =
            connection.prepareStatement(
                "update delivery set "
                    + column
                    + " = now() - (? * interval '1 second') where message_id = ? and "
                    + column
                    + " is not null")) {
      statement.setInt(1, seconds);
      statement.setObject(2, UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
      assertTrue(statement.executeUpdate() > 0, "no delivery of " + location + " has " + column);
    }
  }
}
