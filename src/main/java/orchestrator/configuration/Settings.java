package orchestrator.configuration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import orchestrator.delivery.DeliverySettings;
import orchestrator.messages.IntakeSettings;
import orchestrator.purge.PurgeSettings;
import org.eclipse.microprofile.config.Config;

/** Each component's settings record, read from MicroProfile Config once. */
@ApplicationScoped
public class Settings {

  @Inject Config config;

  @Produces
  @Singleton // records cannot be proxied
  DeliverySettings delivery() {
    return DeliverySettings.read(SettingsReader.of(config));
  }

  @Produces
  @Singleton // records cannot be proxied
  PurgeSettings purge() {
    return PurgeSettings.read(SettingsReader.of(config));
  }

  @Produces
  @Singleton // records cannot be proxied
  IntakeSettings intake() {
    return IntakeSettings.read(SettingsReader.of(config));
  }

  /** Reads every settings record, so a bad value stops start-up rather than the first request. */
  public void validateAll() {
    SettingsReader reader = SettingsReader.of(config);
    DeliverySettings.read(reader);
    PurgeSettings.read(reader);
    IntakeSettings.read(reader);
  }
}
