package orchestrator.purge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import orchestrator.platform.database.InTransaction;
import orchestrator.platform.database.Jdbc;

/**
 * The purge's SQL, one bounded chunk per transaction. Candidates are found by walking an index on
 * the moment deliveries were delivered or frozen, from a cursor, so each chunk touches only its own
 * rows; messages are locked with SKIP LOCKED, so instances purging at once never wait for or repeat
 * each other's work.
 */
@ApplicationScoped
public class PurgeStore {

  /** Where the walk over delivered or frozen deliveries has got to. */
  public record Cursor(Instant at, long id) {
    static final Cursor START = new Cursor(Instant.EPOCH, 0);
  }

  /** One chunk: the cursor after it (null when the walk is done) and what was deleted. */
  public record Chunk(Cursor next, int messages, int deliveries) {}

  @Inject Jdbc jdbc;

  /**
   * Deletes the messages among the next {@code size} deliveries of {@code status} that became final
   * before {@code cutoff}, where every delivery of the message is past its retention.
   */
  @InTransaction
  public Chunk purgeMessages(
      String status, Instant cutoff, Cursor after, int size, Retention retention) {
    String column = status.equals("DELIVERED") ? "delivered_at" : "frozen_at";
    record Candidate(UUID message, Instant at, long id) {}
    List<Candidate> candidates =
        jdbc.list(
            "select message_id, "
                + column
                + " at, id from delivery where status = ? and "
                + column
                + " < ?"
                + " and ("
                + column
                + " > ? or ("
                + column
                + " = ? and id > ?)) order by "
                + column
                + ", id limit ?",
            row ->
                new Candidate(
                    Jdbc.uuid(row, "message_id"), Jdbc.instant(row, "at"), row.getLong("id")),
            status,
            cutoff,
            after.at(),
            after.at(),
            after.id(),
            size);
    if (candidates.isEmpty()) return new Chunk(null, 0, 0);
    Candidate last = candidates.get(candidates.size() - 1);
    Cursor next = candidates.size() < size ? null : new Cursor(last.at(), last.id());

    String ids =
        candidates.stream()
            .map(c -> "'" + c.message() + "'")
            .distinct()
            .collect(Collectors.joining(","));
    List<String> locked =
        jdbc.list(
            "select id from message where id in (" + ids + ") for update skip locked",
            row -> "'" + row.getString(1) + "'");
    if (locked.isEmpty()) return new Chunk(next, 0, 0);
    String lockedIds = String.join(",", locked);
    // lock their deliveries too, so a delivery changing at this moment (a worker, a re-queue) is
    // seen as it ends
    jdbc.list(
        "select id from delivery where message_id in (" + lockedIds + ") for update",
        row -> row.getLong(1));
    String purgeable =
        "select m.id from message m where m.id in ("
            + lockedIds
            + ") and not exists (select 1 from delivery d where d.message_id = m.id and ("
            + " d.status = 'PENDING'"
            + " or (d.status = 'DELIVERED' and "
            + (retention.delivered() == null ? "1 = 1" : "d.delivered_at >= ?")
            + ")"
            + " or (d.status = 'FROZEN' and "
            + (retention.frozen() == null ? "1 = 1" : "d.frozen_at >= ?")
            + ")))";
    Object[] cutoffs = retention.cutoffs();
    int deliveries =
        jdbc.one(
                "select count(*) from delivery where message_id in (" + purgeable + ")",
                row -> row.getInt(1),
                cutoffs)
            .orElse(0);
    int messages = jdbc.update("delete from message where id in (" + purgeable + ")", cutoffs);
    return new Chunk(next, messages, deliveries);
  }

  /**
   * Deletes up to {@code size} delivery-log records older than {@code cutoff}; returns how many.
   */
  @InTransaction
  public int purgeLog(Instant cutoff, int size) {
    List<Long> ids =
        jdbc.list(
            "select id from delivery_attempt where at < ? order by at limit ? for update skip locked",
            row -> row.getLong(1),
            cutoff,
            size);
    if (ids.isEmpty()) return 0;
    return jdbc.update(
        "delete from delivery_attempt where id in ("
            + ids.stream().map(String::valueOf).collect(Collectors.joining(","))
            + ")");
  }

  /**
   * The cut-offs of one run: a delivery that became final before its cut-off may go; null keeps it.
   */
  public record Retention(Instant delivered, Instant frozen) {
    Object[] cutoffs() {
      if (delivered != null && frozen != null) return new Object[] {delivered, frozen};
      if (delivered != null) return new Object[] {delivered};
      if (frozen != null) return new Object[] {frozen};
      return new Object[0];
    }
  }
}
