package orchestrator.delivery;

import java.time.Duration;
import orchestrator.configuration.SettingsReader;

/** The delivery keys of the configuration, read and validated once. */
public record DeliverySettings(
    int workers,
    int batch,
    Duration fixedDelay,
    Duration progressiveDelay,
    int maxAttempts,
    Duration interval,
    Duration timeout) {

  public static DeliverySettings read(SettingsReader settings) {
    return new DeliverySettings(
        settings.integer("delivery.startup.workers", 4, 1),
        settings.integer("delivery.batch", 100, 1),
        settings.seconds("delivery.retry.delay.fixed", Duration.ofSeconds(30)),
        settings.seconds("delivery.retry.delay.progressive", Duration.ofSeconds(30)),
        settings.integer("delivery.retry.max", 10, 0),
        settings.positiveSeconds("delivery.interval", Duration.ofSeconds(60)),
        settings.positiveSeconds("delivery.timeout", Duration.ofSeconds(10)));
  }
}
