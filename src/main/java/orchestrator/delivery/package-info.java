/**
 * Deliveries: one (message, node) pair each, PENDING until DELIVERED or FROZEN; the rounds and
 * workers that deliver them, the HTTP transport, and the deliveries API.
 */
package orchestrator.delivery;
