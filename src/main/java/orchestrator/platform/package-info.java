/**
 * What every component stands on: problem+json errors, the database and its migrations, the clock,
 * and JSON helpers.
 */
package orchestrator.platform;
