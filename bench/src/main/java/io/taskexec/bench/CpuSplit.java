package io.taskexec.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a run spent cpu: the calling (submitting) thread, the engine's scheduler thread, the
 * worker threads, and the garbage collector's pauses. Read from {@link ThreadMXBean} before and
 * after the run; a thread that ends during the run is not counted.
 *
 * @param callerNanos cpu of the thread that submitted and waited
 * @param schedulerNanos cpu of threads named {@code taskexec-scheduler*}
 * @param workerNanos cpu of threads whose name starts with the run's worker prefix
 * @param gcMillis time the collectors report spent collecting
 * @param contextSwitches voluntary and involuntary context switches of all the JVM's threads (read
 *     from {@code /proc/self/task}; 0 where that does not exist): a thread hand-off that parks and
 *     wakes costs two
 */
record CpuSplit(long callerNanos, long schedulerNanos, long workerNanos, long gcMillis, long gcCount, long contextSwitches) {
  static final CpuSplit NONE = new CpuSplit(0, 0, 0, 0, 0, 0);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** A reading taken at one moment; {@link #since} turns two into a split. */
  static final class Reading {
    private final String workerPrefix;
    private final long caller;
    private final Map<Long, Long> scheduler = new HashMap<>();
    private final Map<Long, Long> workers = new HashMap<>();
    private final long gcMillis;
    private final long gcCount;
    private final Map<String, Long> switches;

    private Reading(String workerPrefix) {
      this.workerPrefix = workerPrefix;
      this.caller = THREADS.getCurrentThreadCpuTime();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        long cpu = THREADS.getThreadCpuTime(t.threadId());
        if (cpu < 0) continue;
        if (t.getName().startsWith("taskexec-scheduler")) scheduler.put(t.threadId(), cpu);
        else if (t.getName().startsWith(workerPrefix)) workers.put(t.threadId(), cpu);
      }
      long ms = 0;
      long n = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ms += Math.max(0, gc.getCollectionTime());
        n += Math.max(0, gc.getCollectionCount());
      }
      this.gcMillis = ms;
      this.gcCount = n;
      this.switches = contextSwitchesByThread();
    }

    /** The split from {@code before} to this reading. */
    CpuSplit since(Reading before) {
      return new CpuSplit(caller - before.caller, delta(scheduler, before.scheduler), delta(workers, before.workers),
          gcMillis - before.gcMillis, gcCount - before.gcCount, delta(switches, before.switches));
    }

    private static <K> long delta(Map<K, Long> now, Map<K, Long> then) {
      long sum = 0;
      for (Map.Entry<K, Long> e : now.entrySet()) sum += e.getValue() - then.getOrDefault(e.getKey(), 0L);
      return sum;
    }

    /** Native thread id to its context switches so far; empty where /proc is missing. */
    private static Map<String, Long> contextSwitchesByThread() {
      Map<String, Long> out = new HashMap<>();
      Path tasks = Path.of("/proc/self/task");
      if (!Files.isDirectory(tasks)) return out;
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
        for (Path t : dir) {
          long n = 0;
          try {
            for (String line : Files.readAllLines(t.resolve("status"))) {
              if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
              }
            }
          } catch (IOException | NumberFormatException e) {
            continue; // the thread ended meanwhile
          }
          out.put(t.getFileName().toString(), n);
        }
      } catch (IOException e) {
        return out;
      }
      return out;
    }
  }

  /** Reads the cpu of the current thread, the scheduler and the threads named {@code workerPrefix*}. */
  static Reading read(String workerPrefix) {
    return new Reading(workerPrefix);
  }

  /** "cpu per task: caller 1.20 µs, scheduler 9.80 µs, ...; GC 12 ms in 4". */
  String perTask(int tasks) {
    return String.format("cpu per task: caller %.2f µs, scheduler %.2f µs, workers %.2f µs; %.2f context switches per task; GC %d ms in %d",
        callerNanos / 1e3 / tasks, schedulerNanos / 1e3 / tasks, workerNanos / 1e3 / tasks, contextSwitches / (double) tasks, gcMillis, gcCount);
  }
}
