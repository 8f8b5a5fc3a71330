/**
 * The node registry: the destinations messages are delivered to, their API, and the nodes declared
 * in the YAML file.
 */
package orchestrator.nodes;
