package io.taskexec.reporting.model;

import java.util.Arrays;

/**
 * Every attempt that ran, as columns of primitives (about 40 bytes an attempt): what the timeline
 * and the utilisation need, without the events or specs it came from. Not thread-safe.
 */
final class AttemptLog {
  int size;
  long[] startMs = new long[1024];
  long[] endMs = new long[1024];
  int[] agent = new int[1024];
  int[] task = new int[1024];
  int[] attempt = new int[1024];
  byte[] outcome = new byte[1024];
  float[] cores = new float[1024];
  float[] memoryGb = new float[1024];
  short[] gpus = new short[1024];
  /** Used cores over the attempt (CPU seconds / run seconds); NaN when not measured. */
  float[] usedCores = new float[1024];

  void add(long start, long end, int agentIndex, int taskIndex, int attemptNo, byte outcomeCode, double c,
      double m, int g, double used) {
    if (size == startMs.length) grow();
    startMs[size] = start;
    endMs[size] = end;
    agent[size] = agentIndex;
    task[size] = taskIndex;
    attempt[size] = attemptNo;
    outcome[size] = outcomeCode;
    cores[size] = (float) c;
    memoryGb[size] = (float) m;
    gpus[size] = (short) Math.min(g, Short.MAX_VALUE);
    usedCores[size] = (float) used;
    size++;
  }

  private void grow() {
    int n = startMs.length * 2;
    startMs = Arrays.copyOf(startMs, n);
    endMs = Arrays.copyOf(endMs, n);
    agent = Arrays.copyOf(agent, n);
    task = Arrays.copyOf(task, n);
    attempt = Arrays.copyOf(attempt, n);
    outcome = Arrays.copyOf(outcome, n);
    cores = Arrays.copyOf(cores, n);
    memoryGb = Arrays.copyOf(memoryGb, n);
    gpus = Arrays.copyOf(gpus, n);
    usedCores = Arrays.copyOf(usedCores, n);
  }

  long minStart() {
    long m = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) m = Math.min(m, startMs[i]);
    return m;
  }

  long maxEnd() {
    long m = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) m = Math.max(m, endMs[i]);
    return m;
  }
}
