package io.taskexec.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Watches the heap during a run: samples {@code used} every few milliseconds on a daemon thread
 * and keeps the peak, and measures what the run retains after a full GC.
 *
 * <p>The sampled peak includes garbage not yet collected (it depends on the collector and the
 * heap size); the retained figure is the live set the run holds at its end, before it is closed.
 */
final class HeapProbe implements AutoCloseable {
  /**
   * @param peakUsedBytes the largest heap used seen during the run, minus the heap live before it
   * @param retainedBytes heap live at the end of the run (after a full GC) minus before it
   */
  record Usage(long peakUsedBytes, long retainedBytes) {
    static final Usage NONE = new Usage(0, 0);
  }

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final long SAMPLE_MILLIS = 5;

  private final long before;
  private final Thread sampler;
  private volatile long peak;
  private volatile boolean running = true;

  private HeapProbe() {
    this.before = liveHeap();
    this.peak = used();
    this.sampler = Thread.ofPlatform().daemon().name("bench-heap-probe").start(this::sample);
  }

  /** Collects garbage, notes the live heap, starts sampling. */
  static HeapProbe start() {
    return new HeapProbe();
  }

  private void sample() {
    while (running) {
      long u = used();
      if (u > peak) peak = u;
      try {
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops sampling, collects garbage and reports; call while the run's objects are still held. */
  Usage finish() {
    stopSampling();
    long u = used();
    if (u > peak) peak = u;
    return new Usage(Math.max(0, peak - before), Math.max(0, liveHeap() - before));
  }

  private void stopSampling() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopSampling();
  }

  static long used() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** Heap used after a full collection. */
  static long liveHeap() {
    System.gc();
    return used();
  }
}
