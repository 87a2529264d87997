package io.taskexec.task;

/**
 * What a task needs while it runs. Cores and gigabytes may be fractional; GPUs are whole devices.
 * The compact constructor checks only what makes the value meaningless (negative, NaN); the
 * validator reports zero or missing values to the user with a location.
 */
public record Requirements(double cpuCores, double memoryGb, double storageGb, int gpuUnits) {
  public static final Requirements NONE = new Requirements(0, 0, 0, 0);

  public Requirements {
    if (!(cpuCores >= 0) || !(memoryGb >= 0) || !(storageGb >= 0) || gpuUnits < 0) {
      throw new IllegalArgumentException(
          "requirements must be non-negative numbers: cpu=" + cpuCores + " memory=" + memoryGb
              + " storage=" + storageGb + " gpus=" + gpuUnits);
    }
  }

  public static Requirements of(double cpuCores, double memoryGb, double storageGb) {
    return new Requirements(cpuCores, memoryGb, storageGb, 0);
  }
}
