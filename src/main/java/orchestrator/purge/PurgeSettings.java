package orchestrator.purge;

import java.time.Duration;
import orchestrator.configuration.SettingsReader;

/** The purge keys of the configuration; a zero duration disables that purge. */
public record PurgeSettings(Duration interval, Duration delivered, Duration frozen, Duration log) {

  public static PurgeSettings read(SettingsReader settings) {
    return new PurgeSettings(
        settings.seconds("purge.interval", Duration.ofSeconds(3600)),
        settings.seconds("purge.delivered", Duration.ofSeconds(604800)),
        settings.seconds("purge.frozen", Duration.ofSeconds(2592000)),
        settings.seconds("purge.log", Duration.ofSeconds(604800)));
  }
}
