package orchestrator.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orchestrator.platform.DatabaseUnavailable;
import orchestrator.platform.database.GroupCommit;

/**
 * Records the outcomes of the workers' chunks, those of all nodes together: the chunks that finish
 * while another is being written are written next, in one statement and one commit (a group commit,
 * as the intake's). At light load a chunk holds one or two deliveries, since they arrive a message
 * at a time, and the nodes of a message finish theirs at about the same moment; recorded each by
 * itself, they made several commits per message (docs/performance.md, eighteenth round). A worker
 * still waits until its chunk is recorded before it goes on, as when it wrote it itself.
 */
@ApplicationScoped
public class OutcomeRecorder {
  /** One writer: chunks that come while it writes wait, and go together next. */
  static final int WRITERS = 1;

  /** Most outcomes in one statement (a batch holds at least one chunk). */
  static final int MAX_OUTCOMES = 500;

  /** Most chunks in one statement. */
  static final int MAX_CHUNKS = 50;

  /** A chunk's outcomes, recorded where the claim of {@code claimant} still holds. */
  record Chunk(List<Outcome> outcomes, String claimant) {}

  @Resource ManagedThreadFactory threads;
  @Inject DeliveryQueue queue;

  private GroupCommit<Chunk, Boolean> chunks;

  @PostConstruct
  void start() {
    GroupCommit.Writer<Chunk, Boolean> writer =
        new GroupCommit.Writer<>() {
          @Override
          public List<GroupCommit.Result<Boolean>> writeAll(List<Chunk> batch) {
            // one claimant per instance; grouped all the same, as the statement takes one
            Map<String, List<Outcome>> byClaimant = new LinkedHashMap<>();
            for (Chunk chunk : batch)
              byClaimant
                  .computeIfAbsent(chunk.claimant(), claimant -> new ArrayList<>())
                  .addAll(chunk.outcomes());
            byClaimant.forEach(
                (claimant, outcomes) -> queue.record(outcomes, claimant, List.of(), null));
            return batch.stream().map(chunk -> GroupCommit.Result.of(true)).toList();
          }

          @Override
          public Boolean writeOne(Chunk chunk) {
            queue.record(chunk.outcomes(), chunk.claimant(), List.of(), null);
            return true;
          }
        };
    chunks =
        new GroupCommit<>(
                writer,
                MAX_CHUNKS,
                MAX_OUTCOMES,
                chunk -> chunk.outcomes().size(),
                DatabaseUnavailable::isCause,
                Stopped::new)
            .start(threads, WRITERS, "orchestrator-record");
  }

  /**
   * Records the outcomes of a chunk and returns once they are committed, even when the worker is
   * interrupted meanwhile (at shutdown): the claims it holds are given back only after this.
   */
  public void record(List<Outcome> outcomes, String claimant) {
    if (outcomes.isEmpty()) return;
    try {
      chunks.submitUninterruptibly(new Chunk(outcomes, claimant));
    } catch (Stopped e) {
      // the recorder stopped before the workers (the server destroys beans in any order): the
      // worker writes its chunk itself, else its sent deliveries would be sent again
      queue.record(outcomes, claimant, List.of(), null);
    }
  }

  /** What a chunk still waiting gets when the writer stops; its worker then records it. */
  private static final class Stopped extends IllegalStateException {
    Stopped() {
      super("the outcome recorder stopped before it took this chunk");
    }
  }

  @PreDestroy
  void stop() {
    chunks.stop(5_000);
  }
}
