/**
 * Configuration: the YAML file named by {@code PYC_ROOT} + {@code PYC_CONFIG} as a MicroProfile
 * ConfigSource, the typed settings of each component, and their validation at start-up.
 */
package orchestrator.configuration;
