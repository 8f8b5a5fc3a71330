package orchestrator.operations;

/**
 * {@code orchestrator:type=Orchestrator} in JConsole and the servers' consoles: live figures of
 * this instance, and operations to suspend and resume delivery, run a round and run a purge now.
 */
public interface OrchestratorMXBean {

  boolean isDeliverySuspended();

  int getBusyWorkers();

  int getRestingNodes();

  String getLastRound();

  long getPendingDeliveries();

  long getFrozenDeliveries();

  String getLastPurge();

  /** Stops starting delivery workers in this instance; calls in flight finish. */
  void suspendDelivery();

  void resumeDelivery();

  /** Starts a delivery round now. */
  void runRoundNow();

  /** Runs a purge now and returns its report. */
  String runPurgeNow();
}
