package io.taskexec.monitoring;

/**
 * Requested against used for one task type, over its ended tasks, with the recommended request:
 * the p95 of use plus headroom.
 *
 * @param tasks how many ended tasks of the type were measured
 * @param cpuSecondsP95 p95 of the cpu-seconds a task used
 * @param meanCoresP95 p95 of cores used on average over a task's run (cpu-seconds / duration)
 * @param peakMemoryP95Bytes p95 of a task's peak resident memory
 * @param requestedCpuCores what the last task of the type asked for
 * @param requestedMemoryBytes what the last task of the type asked for
 * @param recommendedCpuCores meanCoresP95 × (1 + headroom)
 * @param recommendedMemoryBytes peakMemoryP95Bytes × (1 + headroom)
 */
public record TypeUsage(String type, long tasks, double cpuSecondsP95, double meanCoresP95,
    double peakMemoryP95Bytes, double requestedCpuCores, double requestedMemoryBytes,
    double recommendedCpuCores, double recommendedMemoryBytes) {}
