/**
 * Which nodes a message goes to: event type patterns, explicit destinations, no echo to the sender.
 * Pure logic.
 */
package orchestrator.routing;
