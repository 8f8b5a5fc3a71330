package orchestrator.operations;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.LocalBean;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import orchestrator.delivery.DeliveryStore;
import orchestrator.delivery.Dispatcher;
import orchestrator.purge.Purge;

/** The management bean, registered on the platform MBean server while the application runs. */
@Startup
@Singleton
@LocalBean
@DependsOn("DeliveryTimer")
@TransactionManagement(TransactionManagementType.BEAN) // each call opens what it needs
public class Orchestrator implements OrchestratorMXBean {
  static final String NAME = "orchestrator:type=Orchestrator";
  private static final Logger LOG = Logger.getLogger(Orchestrator.class.getName());

  @Inject Dispatcher dispatcher;
  @Inject DeliveryStore deliveries;
  @Inject Purge purge;
  @Resource SessionContext context;

  private ObjectName name;

  @PostConstruct
  void register() {
    try {
      name = new ObjectName(NAME);
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      if (server.isRegistered(name)) server.unregisterMBean(name); // left by an earlier deployment
      // through the container's own reference: JMX calls arrive on the connector's threads, and the
      // container gives them the application's context (its connection pool, its transactions)
      server.registerMBean(
          new StandardMBean(
              context.getBusinessObject(Orchestrator.class), OrchestratorMXBean.class, true),
          name);
    } catch (JMException e) {
      LOG.log(Level.WARNING, "The management bean " + NAME + " could not be registered", e);
    }
  }

  @PreDestroy
  void unregister() {
    try {
      if (name != null) ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (JMException e) {
      LOG.log(Level.FINE, "The management bean was already gone", e);
    }
  }

  @Override
  public boolean isDeliverySuspended() {
    return dispatcher.suspended();
  }

  @Override
  public int getBusyWorkers() {
    return dispatcher.busyWorkers();
  }

  @Override
  public int getRestingNodes() {
    return dispatcher.restingNodes();
  }

  @Override
  public String getLastRound() {
    return String.valueOf(dispatcher.lastRound());
  }

  @Override
  public long getPendingDeliveries() {
    return deliveries.countsByNode().values().stream()
        .mapToLong(DeliveryStore.Counts::pending)
        .sum();
  }

  @Override
  public long getFrozenDeliveries() {
    return deliveries.countsByNode().values().stream()
        .mapToLong(DeliveryStore.Counts::frozen)
        .sum();
  }

  @Override
  public String getLastPurge() {
    return String.valueOf(purge.last());
  }

  @Override
  public void suspendDelivery() {
    LOG.info("Delivery suspended in this instance from the management bean.");
    dispatcher.suspend();
  }

  @Override
  public void resumeDelivery() {
    LOG.info("Delivery resumed in this instance from the management bean.");
    dispatcher.resume();
  }

  @Override
  public void runRoundNow() {
    dispatcher.nudge();
  }

  @Override
  public String runPurgeNow() {
    Purge.Report report = purge.run();
    return report == null ? "A purge is already running in this instance." : report.toString();
  }
}
