package orchestrator.messages;

import orchestrator.configuration.SettingsReader;

/** The intake keys of the configuration. */
public record IntakeSettings(int maxBytes) {

  public static IntakeSettings read(SettingsReader settings) {
    return new IntakeSettings(settings.integer("intake.max-bytes", 1048576, 1));
  }
}
