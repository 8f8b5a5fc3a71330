/**
 * The database: the data source chosen by {@code db.url} (PostgreSQL, or embedded H2 for a trial),
 * schema migrations at start-up, and a small JDBC helper.
 */
package orchestrator.platform.database;
