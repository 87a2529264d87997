package io.taskexec.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent samples of one task, at most {@code capacity} of them: when full, a new sample
 * replaces the oldest and the drop is counted. Not thread-safe: the monitoring thread owns it;
 * {@link #snapshot} copies under the buffer's lock for readers elsewhere.
 */
final class SampleBuffer {
  private final Sample[] ring;
  private int start;
  private int size;
  private long dropped;

  SampleBuffer(int capacity) {
    this.ring = new Sample[Math.max(1, capacity)];
  }

  synchronized void add(Sample s) {
    if (size == ring.length) {
      ring[start] = s;
      start = (start + 1) % ring.length;
      dropped++;
    } else {
      ring[(start + size) % ring.length] = s;
      size++;
    }
  }

  synchronized long dropped() {
    return dropped;
  }

  synchronized int size() {
    return size;
  }

  /** The samples kept, oldest first. */
  synchronized List<Sample> snapshot() {
    List<Sample> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) out.add(ring[(start + i) % ring.length]);
    return out;
  }

  /** One value of one metric of a task. */
  record Sample(Instant at, String name, double value) {}
}
