/**
 * Simulation mode: the real planner ({@link io.taskexec.plan.Planner}) and placement ({@link
 * io.taskexec.place.ResourceManager}) on a virtual clock against simulated agents, so that a
 * workload of millions of tasks for thousands of agents runs on one machine in the scheduler's
 * own time. {@link io.taskexec.sim.Simulator} is the event loop, {@link io.taskexec.sim.Workload}
 * the tasks (importers in {@code io.taskexec.sim.importer}), {@link io.taskexec.sim.AgentsSpec}
 * the agents, {@link io.taskexec.sim.SimResult} what was measured. Experiments against known
 * optima and published results are in {@code io.taskexec.sim.experiment}.
 */
package io.taskexec.sim;
