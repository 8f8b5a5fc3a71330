package orchestrator.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when no delivery round has completed for several intervals: the delivery engine is stuck.
 */
@Liveness
@ApplicationScoped
public class DeliveryLiveness implements HealthCheck {
  static final int INTERVALS = 3;

  /** Rounds may be slow on a loaded machine; never call a round late before this. */
  static final Duration MINIMUM = Duration.ofSeconds(10);

  @Inject Dispatcher dispatcher;
  @Inject DeliverySettings settings;
  @Inject Clock clock;

  @Override
  public HealthCheckResponse call() {
    Instant last = dispatcher.lastRound() != null ? dispatcher.lastRound() : dispatcher.startedAt();
    Duration since = Duration.between(last, clock.instant());
    Duration allowed = settings.interval().multipliedBy(INTERVALS);
    if (allowed.compareTo(MINIMUM) < 0) allowed = MINIMUM;
    return HealthCheckResponse.named("delivery-rounds")
        .status(since.compareTo(allowed) <= 0)
        .withData(
            "lastRound",
            dispatcher.lastRound() == null ? "none yet" : dispatcher.lastRound().toString())
        .withData("allowedSeconds", allowed.toSeconds())
        .build();
  }
}
