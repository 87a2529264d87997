package io.taskexec.monitoring;

/**
 * Requested against used for one task (all its attempts so far).
 *
 * @param cpuSeconds cpu time used: the process tree of a shell task, the thread of a Java handler
 * @param peakMemoryBytes the largest resident memory of its process tree seen (0 for handlers)
 * @param allocatedBytes bytes a Java handler's thread allocated (0 for shell tasks)
 * @param runSeconds how long its attempts ran, summed
 * @param requestedCpuCores what it asked for
 * @param requestedMemoryGb what its last attempt asked for (more than the spec after a memory retry)
 */
public record TaskUsage(String taskId, String type, double cpuSeconds, long peakMemoryBytes, long allocatedBytes,
    double runSeconds, double requestedCpuCores, double requestedMemoryGb) {}
