/**
 * Message intake (validation, idempotency, routing, storage in one transaction), reading a message
 * and its payload.
 */
package orchestrator.messages;
