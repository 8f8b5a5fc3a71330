/**
 * Retention: which delivered and frozen messages and which delivery-log records are deleted, and
 * when.
 */
package orchestrator.purge;
