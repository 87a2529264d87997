/**
 * Experiments on the public workloads against known optima, lower bounds and published results:
 * Kasahara STG optimal schedule lengths ({@link io.taskexec.sim.experiment.StgExperiment}),
 * max(critical path, work/cores) for WfCommons and DAX workflows ({@link
 * io.taskexec.sim.experiment.WorkflowBoundsExperiment}, with estimates from history), the HEFT paper
 * DAG ({@link io.taskexec.sim.experiment.HeftExperiment}), GPU fragmentation on the Alibaba trace
 * ({@link io.taskexec.sim.experiment.GpuFragmentationExperiment}), EASY backfilling on the NASA
 * iPSC log ({@link io.taskexec.sim.experiment.SwfExperiment}) and placement at the scale of Nomad's
 * C2M ({@link io.taskexec.sim.experiment.ScaleExperiment}). {@link
 * io.taskexec.sim.experiment.WorkloadsDir} finds the workloads folder.
 */
package io.taskexec.sim.experiment;
