package orchestrator.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;

/**
 * The application's clock: UTC, ticking in milliseconds (what the API shows and the database
 * keeps).
 */
@ApplicationScoped
public class Clocks {

  @Produces
  Clock clock() {
    return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  }
}
