package io.taskexec.place;

import io.taskexec.task.Requirements;

/** A task's {@link Requirements} in fixed point (see {@link Units}); GPUs as a device count. */
record Demand(long cpu, long memory, long storage, int gpus) {
  static Demand of(Requirements r) {
    return new Demand(
        Units.demand(r.cpuCores()),
        Units.demand(r.memoryGb()),
        Units.demand(r.storageGb()),
        r.gpuUnits());
  }
}
