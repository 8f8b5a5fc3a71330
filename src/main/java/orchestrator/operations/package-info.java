/**
 * Management from the application server: an MXBean with the live figures and the operations an
 * operator needs.
 */
package orchestrator.operations;
