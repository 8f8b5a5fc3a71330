package orchestrator.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import orchestrator.delivery.DeliveryStores;
import orchestrator.delivery.Handover;
import orchestrator.delivery.Parcel;
import orchestrator.platform.database.EmbeddedDatabase;
import orchestrator.platform.database.Jdbc;
import orchestrator.platform.database.OneConnection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An intake batch as MessageStore writes it, on PostgreSQL (one statement over arrays) and on the
 * embedded H2 (two batches): each message with its own body, key and deliveries, and those of the
 * node handed over claimed (PostgreSQL only).
 */
class MessageStoreIT {

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "h2"})
  void eachMessageOfABatchIsStoredWithItsOwnBodyKeyAndDeliveries(String database) throws Exception {
    OneConnection postgres =
        database.equals("postgresql") ? OneConnection.toNewDatabase().migrated() : null;
    try {
      MessageStore store = new MessageStore();
      store.jdbc = postgres != null ? postgres.jdbc : EmbeddedDatabase.migrated();
      store.deliveries = DeliveryStores.over(store.jdbc);
      Instant at = Instant.parse("2026-12-02T10:00:00.123456Z");
      byte[] binary = {0, (byte) 0xff, '\\', '"', ',', '{', 1};
      byte[] json = "{\"n\":2}".getBytes();
      Message first = message(at, binary, "a", "b");
      Message second = message(at.plusMillis(1), json, "c");
      Message third = message(at.plusMillis(2), new byte[0], "a", "b", "c");

      Instant leaseEnd = at.plusSeconds(120);

      List<Parcel> handed =
          store.insert(
              List.of(
                  new MessageStore.NewMessage(first, null, binary),
                  new MessageStore.NewMessage(second, "key-1", json),
                  new MessageStore.NewMessage(third, null, new byte[0])),
              new Handover("instance-1", leaseEnd, Set.of("b")));

      boolean hands = postgres != null; // H2 hands nothing over: every delivery waits for a claim
      Instant bDue = hands ? leaseEnd : at;
      assertEquals(List.of("a PENDING 0 " + at, "b PENDING 0 " + bDue), deliveries(store, first));
      assertEquals(List.of("c PENDING 0 " + at.plusMillis(1)), deliveries(store, second));
      assertEquals(
          List.of(
              "a PENDING 0 " + at.plusMillis(2),
              "b PENDING 0 " + (hands ? leaseEnd : at.plusMillis(2)),
              "c PENDING 0 " + at.plusMillis(2)),
          deliveries(store, third));
      List<String> claims =
          store.jdbc.list(
              "select node_id, claimed_by, claimed_until from delivery order by node_id, created_at",
              row ->
                  row.getString(1)
                      + " "
                      + row.getString(2)
                      + " "
                      + Jdbc.instant(row, "claimed_until"));
      if (hands) {
        assertEquals(
            List.of(
                "a null null",
                "a null null",
                "b instance-1 " + leaseEnd,
                "b instance-1 " + leaseEnd,
                "c null null",
                "c null null"),
            claims);
        assertEquals(
            List.of(first.id() + " b 1 7 " + at, third.id() + " b 1 0 " + at.plusMillis(2)),
            handed.stream()
                .sorted(Comparator.comparing(Parcel::acceptedAt))
                .map(
                    p ->
                        p.messageId()
                            + " "
                            + p.node()
                            + " "
                            + p.attempt()
                            + " "
                            + p.body().length
                            + " "
                            + p.acceptedAt())
                .toList());
        List<Long> ids =
            store.jdbc.list(
                "select id from delivery where node_id = 'b' order by created_at",
                row -> row.getLong(1));
        assertEquals(
            ids,
            handed.stream()
                .sorted(Comparator.comparing(Parcel::acceptedAt))
                .map(Parcel::deliveryId)
                .toList(),
            "each handed delivery carries its row's id");
        assertArrayEquals(
            binary,
            handed.stream()
                .filter(p -> p.messageId().equals(first.id()))
                .findFirst()
                .orElseThrow()
                .body());
      } else {
        assertEquals(List.of(), handed);
        assertEquals(
            List.of(
                "a null null",
                "a null null",
                "b null null",
                "b null null",
                "c null null",
                "c null null"),
            claims);
      }
      assertArrayEquals(binary, store.payload(first.id()).orElseThrow().body());
      assertArrayEquals(new byte[0], store.payload(third.id()).orElseThrow().body());
      assertEquals(
          second.id(), store.findByIdempotencyKey("producer-1", "key-1").orElseThrow().id());
      Message read = store.find(first.id()).orElseThrow();
      assertEquals(
          List.of("event.x", "producer-1", "application/json", 7, at, "hash-" + first.id()),
          List.of(
              read.eventType(),
              read.producer(),
              read.contentType(),
              read.size(),
              read.createdAt(),
              read.bodyHash()));
    } finally {
      if (postgres != null) postgres.close();
    }
  }

  private static Message message(Instant at, byte[] body, String... nodes) {
    UUID id = UUID.randomUUID();
    List<Message.DeliveryState> deliveries =
        Arrays.stream(nodes)
            .map(node -> new Message.DeliveryState(node, "PENDING", 0, at, null, null, null, null))
            .toList();
    return new Message(
        id, "event.x", "producer-1", "application/json", body.length, at, "hash-" + id, deliveries);
  }

  private static List<String> deliveries(MessageStore store, Message message) {
    return store.find(message.id()).orElseThrow().deliveries().stream()
        .map(d -> d.node() + " " + d.status() + " " + d.attempts() + " " + d.nextAttemptAt())
        .toList();
  }
}
