package orchestrator.delivery;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * New deliveries the intake handed to this instance's workers, per node, in arrival order. Each was
 * inserted already claimed by this instance until its lease end, exactly as a claim would have left
 * it, so a worker sends it without claiming it first; the same lease rules hold for it as for a
 * claimed one (docs/delivery.md, "Handed deliveries").
 */
final class HandedDeliveries {
  /** Most body bytes waiting for one node: a slow node does not fill the heap. */
  static final long MAX_BYTES_PER_NODE = 4L << 20;

  /**
   * Most body bytes waiting for all nodes (a body handed to several nodes counts once per node):
   * many slow nodes do not either.
   */
  static final long MAX_BYTES = 16L << 20;

  /** Handed deliveries a worker took together, and the earliest of their lease ends. */
  record Chunk(List<Parcel> parcels, Instant leaseEnd) {
    static final Chunk EMPTY = new Chunk(List.of(), null);

    boolean isEmpty() {
      return parcels.isEmpty();
    }
  }

  private record Entry(Parcel parcel, Instant leaseEnd) {}

  private static final class Inbox {
    final ArrayDeque<Entry> entries = new ArrayDeque<>();
    long bytes;
  }

  private final Map<String, Inbox> byNode = new HashMap<>();
  private long bytes;

  /**
   * Whether the node takes more handed deliveries: fewer than {@code maxParcels} wait for it, under
   * {@link #MAX_BYTES_PER_NODE} for it and under {@link #MAX_BYTES} for all.
   */
  synchronized boolean hasRoom(String node, int maxParcels) {
    if (bytes >= MAX_BYTES) return false;
    Inbox inbox = byNode.get(node);
    return inbox == null || (inbox.entries.size() < maxParcels && inbox.bytes < MAX_BYTES_PER_NODE);
  }

  synchronized void add(List<Parcel> parcels, Instant leaseEnd) {
    for (Parcel parcel : parcels) {
      Inbox inbox = byNode.computeIfAbsent(parcel.node(), node -> new Inbox());
      inbox.entries.add(new Entry(parcel, leaseEnd));
      inbox.bytes += parcel.body().length;
      bytes += parcel.body().length;
    }
  }

  /** Up to {@code max} of the node's handed deliveries, oldest first. */
  synchronized Chunk take(String node, int max) {
    Inbox inbox = byNode.get(node);
    if (inbox == null) return Chunk.EMPTY;
    List<Parcel> parcels = new ArrayList<>(Math.min(max, inbox.entries.size()));
    Instant leaseEnd = null;
    while (parcels.size() < max && !inbox.entries.isEmpty()) {
      Entry entry = inbox.entries.poll();
      parcels.add(entry.parcel());
      inbox.bytes -= entry.parcel().body().length;
      bytes -= entry.parcel().body().length;
      if (leaseEnd == null || entry.leaseEnd().isBefore(leaseEnd)) leaseEnd = entry.leaseEnd();
    }
    if (inbox.entries.isEmpty()) byNode.remove(node);
    return new Chunk(parcels, leaseEnd);
  }

  /** All of the node's handed deliveries. */
  synchronized List<Parcel> drain(String node) {
    return take(node, Integer.MAX_VALUE).parcels();
  }

  /** The nodes with handed deliveries waiting. */
  synchronized Set<String> nodes() {
    return Set.copyOf(byNode.keySet());
  }
}
