package orchestrator.messages;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import orchestrator.delivery.DeliveryStore;
import orchestrator.delivery.Handover;
import orchestrator.delivery.Parcel;
import orchestrator.platform.database.Jdbc;

/** The message table, and a message's deliveries as its view shows them. */
@ApplicationScoped
public class MessageStore {
  private static final String COLUMNS =
      "id, event_type, producer, content_type, body_size, created_at, body_sha256";

  /** A stored body with what decides who may read it. */
  public record Payload(String producer, String contentType, byte[] body) {}

  @Inject Jdbc jdbc;
  @Inject DeliveryStore deliveries;

  /** A message to store, with its key (or null) and its body. */
  record NewMessage(Message message, String idempotencyKey, byte[] body) {}

  /**
   * The messages with one PENDING delivery per node they were routed to, due at once, except those
   * of the nodes the handover takes: these are inserted claimed by its claimant until its lease
   * end, and returned, ready to send. Joins the caller's transaction. On PostgreSQL one statement,
   * each column of the rows as one array: one round trip for both tables. H2, which has no {@code
   * insert} in {@code with}, gets two batches and hands nothing over.
   */
  List<Parcel> insert(List<NewMessage> messages, Handover handover) {
    if (!jdbc.isPostgres()) {
      insertApart(messages);
      return List.of();
    }
    int n = messages.size();
    String[] ids = new String[n],
        eventTypes = new String[n],
        producers = new String[n],
        contentTypes = new String[n],
        hashes = new String[n],
        keys = new String[n],
        createdAt = new String[n];
    Integer[] sizes = new Integer[n];
    byte[][] bodies = new byte[n][];
    List<String> deliveryMessages = new ArrayList<>(),
        deliveryNodes = new ArrayList<>(),
        deliveryCreatedAt = new ArrayList<>(),
        leaseEnds = new ArrayList<>();
    Map<UUID, NewMessage> byId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      NewMessage stored = messages.get(i);
      Message m = stored.message();
      ids[i] = m.id().toString();
      eventTypes[i] = m.eventType();
      producers[i] = m.producer();
      contentTypes[i] = m.contentType();
      sizes[i] = m.size();
      bodies[i] = stored.body();
      hashes[i] = m.bodyHash();
      keys[i] = stored.idempotencyKey();
      createdAt[i] = m.createdAt().toString();
      byId.put(m.id(), stored);
      for (Message.DeliveryState delivery : m.deliveries()) {
        deliveryMessages.add(ids[i]);
        deliveryNodes.add(delivery.node());
        deliveryCreatedAt.add(createdAt[i]);
        leaseEnds.add(handover.takes(delivery.node()) ? handover.leaseEnd().toString() : null);
      }
    }
    // a handed delivery is left as a claim leaves it: due at its lease end, claimed until then
    return jdbc.list(
        "with m as (insert into message (id, event_type, producer, content_type, body_size, body, body_sha256, idempotency_key, created_at)"
            + " select * from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::integer[], ?::bytea[], ?::varchar[], ?::varchar[], ?::timestamptz[])),"
            + " d as (insert into delivery (message_id, node_id, status, attempts, next_attempt_at, created_at, claimed_by, claimed_until)"
            + " select message_id, node_id, 'PENDING', 0, coalesce(lease_end, created_at), created_at, case when lease_end is not null then ?::varchar end, lease_end"
            + " from unnest(?::uuid[], ?::varchar[], ?::timestamptz[], ?::timestamptz[]) d (message_id, node_id, created_at, lease_end)"
            + " returning id, message_id, node_id, claimed_by)"
            + " select id, message_id, node_id from d where claimed_by is not null",
        row -> {
          NewMessage stored = byId.get(Jdbc.uuid(row, "message_id"));
          Message m = stored.message();
          return new Parcel(
              row.getLong("id"),
              m.id(),
              row.getString("node_id"),
              m.eventType(),
              m.contentType(),
              1,
              stored.body(),
              m.createdAt());
        },
        Jdbc.array("uuid", ids),
        Jdbc.array("varchar", eventTypes),
        Jdbc.array("varchar", producers),
        Jdbc.array("varchar", contentTypes),
        Jdbc.array("integer", sizes),
        Jdbc.array("bytea", bodies),
        Jdbc.array("varchar", hashes),
        Jdbc.array("varchar", keys),
        Jdbc.array("timestamptz", createdAt),
        handover.claimant(),
        Jdbc.array("uuid", deliveryMessages.toArray(String[]::new)),
        Jdbc.array("varchar", deliveryNodes.toArray(String[]::new)),
        Jdbc.array("timestamptz", deliveryCreatedAt.toArray(String[]::new)),
        Jdbc.array("timestamptz", leaseEnds.toArray(String[]::new)));
  }

  private void insertApart(List<NewMessage> messages) {
    List<Object[]> rows = new ArrayList<>(messages.size());
    List<DeliveryStore.NewDelivery> pending = new ArrayList<>();
    for (NewMessage stored : messages) {
      Message m = stored.message();
      rows.add(
          new Object[] {
            m.id(),
            m.eventType(),
            m.producer(),
            m.contentType(),
            m.size(),
            stored.body(),
            m.bodyHash(),
            stored.idempotencyKey(),
            m.createdAt()
          });
      for (Message.DeliveryState delivery : m.deliveries())
        pending.add(new DeliveryStore.NewDelivery(m.id(), delivery.node(), m.createdAt()));
    }
    jdbc.batch(
        "insert into message (id, event_type, producer, content_type, body_size, body, body_sha256, idempotency_key, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
    deliveries.createPending(pending);
  }

  public Optional<Message> find(UUID id) {
    return jdbc.one("select " + COLUMNS + " from message where id = ?", MessageStore::message, id)
        .map(m -> m.withDeliveries(deliveriesOf(id)));
  }

  boolean exists(UUID id) {
    return jdbc.one("select 1 from message where id = ?", row -> true, id).isPresent();
  }

  Optional<Message> findByIdempotencyKey(String producer, String key) {
    return jdbc.one(
            "select " + COLUMNS + " from message where producer = ? and idempotency_key = ?",
            MessageStore::message,
            producer,
            key)
        .map(m -> m.withDeliveries(deliveriesOf(m.id())));
  }

  Optional<Payload> payload(UUID id) {
    return jdbc.one(
        "select producer, content_type, body from message where id = ?",
        row ->
            new Payload(
                row.getString("producer"), row.getString("content_type"), row.getBytes("body")),
        id);
  }

  private List<Message.DeliveryState> deliveriesOf(UUID id) {
    return jdbc.list(
        "select node_id, status, attempts, next_attempt_at, last_attempt_at, last_error, delivered_at, frozen_at from delivery where message_id = ? order by node_id",
        row ->
            new Message.DeliveryState(
                row.getString("node_id"),
                row.getString("status"),
                row.getInt("attempts"),
                Jdbc.instant(row, "next_attempt_at"),
                Jdbc.instant(row, "last_attempt_at"),
                row.getString("last_error"),
                Jdbc.instant(row, "delivered_at"),
                Jdbc.instant(row, "frozen_at")),
        id);
  }

  private static Message message(ResultSet row) throws SQLException {
    return new Message(
        Jdbc.uuid(row, "id"),
        row.getString("event_type"),
        row.getString("producer"),
        row.getString("content_type"),
        row.getInt("body_size"),
        Jdbc.instant(row, "created_at"),
        row.getString("body_sha256"),
        List.of());
  }
}
