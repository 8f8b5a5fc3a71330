package orchestrator.delivery;

/** The states of a delivery: PENDING until DELIVERED, or FROZEN after too many failures. */
public enum DeliveryStatus {
  PENDING,
  DELIVERED,
  FROZEN
}
