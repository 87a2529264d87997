/**
 * Placement: which agent runs a task, and with which of its resources.
 *
 * <p>This package owns the resource ledger and the placement pipeline. {@link
 * io.taskexec.place.ResourceManager} keeps, per registered agent ({@link
 * io.taskexec.place.AgentSpec}), what is offered and what is held by live {@link
 * io.taskexec.place.Allocation}s, and answers {@code place} with a {@link
 * io.taskexec.place.PlacementResult}: {@code Placed}, {@code Unplaceable} with counted reasons
 * ("cpu: 3 of 4 agents short (needs 8, most free 6)"), or {@code Error} for a broken invariant.
 *
 * <p>The pipeline is composed in one place, the {@code ResourceManager} constructor:
 *
 * <ol>
 *   <li><b>candidates</b>: an index ({@code AgentIndex}) hands out agents in the order of the
 *       {@link io.taskexec.place.PlacementStrategy}, skipping only agents that provably cannot
 *       fit, so that a task is never called unplaceable while some agent has room;
 *   <li><b>filters</b> ({@code PlacementFilter}): exact per-resource checks;
 *   <li><b>score</b> ({@code PlacementScore}): in [0, 1], higher is better;
 *   <li><b>pick</b>: the best score among the first few feasible candidates, ties to the agent
 *       registered first.
 * </ol>
 *
 * <p>Quantities are kept in fixed point (micro-cores, micro-gigabytes; see {@code Units}), so
 * that sums are exact: 0.1 + 0.2 cores fit an agent of 0.3, and no agent is ever given more than
 * it offers. Cpu may be overcommitted by a ratio; memory, storage and GPUs never are. GPUs are
 * whole devices, granted by concrete index, lowest free index first.
 *
 * <p>Beside the pipeline, pure decisions for the scheduler to act on: {@link
 * io.taskexec.place.Preemption} (which lower-priority allocations to stop for a task that does not
 * fit), {@link io.taskexec.place.ResourceManager#rebalance} (move placements off busy agents), and
 * {@link io.taskexec.place.GpuSharing}, a separate ledger for GPUs shared by fractions, with best
 * fit and fragmentation-aware (FGD) packing.
 *
 * <p>Nothing here is thread-safe: the engine's scheduler loop is the one writer of scheduling
 * state and the only caller. Nothing here blocks or does I/O.
 */
package io.taskexec.place;
