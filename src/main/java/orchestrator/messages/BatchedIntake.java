package orchestrator.messages;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import orchestrator.platform.DatabaseUnavailable;
import orchestrator.platform.Metrics;
import orchestrator.platform.Problem;
import orchestrator.platform.database.GroupCommit;

/**
 * Intake under load: the messages of concurrent requests that carry no Idempotency-Key are stored
 * together, one transaction and one commit for all that arrived while the previous batch was being
 * written (a group commit). Each request still gets its 201 only after its own message has
 * committed. A message with an Idempotency-Key is accepted alone, as its key is looked up first.
 */
@ApplicationScoped
public class BatchedIntake {
  /** Writers at once: one batch can be written while another waits for its commit. */
  static final int WRITERS = 2;

  /** Most messages in one transaction, and most body bytes (a batch holds at least one message). */
  static final int MAX_MESSAGES = 100;

  static final long MAX_BYTES = 4L << 20;

  @Resource ManagedThreadFactory threads;
  @Inject Intake intake;
  @Inject Metrics metrics;

  private GroupCommit<Submission, Intake.Outcome> batches;

  @PostConstruct
  void startWriters() {
    GroupCommit.Writer<Submission, Intake.Outcome> writer =
        new GroupCommit.Writer<>() {
          @Override
          public List<GroupCommit.Result<Intake.Outcome>> writeAll(List<Submission> submissions) {
            List<GroupCommit.Result<Intake.Outcome>> results = intake.acceptAll(submissions);
            metrics.increment(
                "orchestrator.intake.batches",
                "Transactions that stored messages without an Idempotency-Key (received / batches = messages per commit)",
                1);
            return results;
          }

          @Override
          public Intake.Outcome writeOne(Submission submission) {
            return intake.accept(submission);
          }
        };
    batches =
        new GroupCommit<>(
                writer,
                MAX_MESSAGES,
                MAX_BYTES,
                submission -> submission.body().length,
                DatabaseUnavailable::isCause,
                BatchedIntake::stopping)
            .start(threads, WRITERS, "orchestrator-intake");
  }

  /**
   * @see Intake#accept
   */
  public Intake.Outcome accept(Submission submission) {
    if (submission.idempotencyKey() != null) return intake.accept(submission);
    return batches.submit(submission);
  }

  @PreDestroy
  void stopWriters() {
    batches.stop(5_000);
  }

  private static RuntimeException stopping() {
    return Problem.of(503, "The service is stopping; nothing was stored. Try again shortly.")
        .withHeader("Retry-After", "5")
        .exception();
  }
}
