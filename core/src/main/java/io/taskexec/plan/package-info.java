/**
 * Planning: the dependency graph of known tasks and the ready queue, in one single-threaded
 * {@link io.taskexec.plan.Planner} owned by the scheduler loop.
 *
 * <p>The package owns: turning dependencies into edges "dependent waits for upstream with
 * condition"; deciding each edge when its upstream starts or ends (COMPLETION, START, FAILURE,
 * ANY), including the transitive UPSTREAM_FAILED / SKIPPED resolution of tasks that can never run;
 * the order of ready tasks (priority, deadline, longest remaining path, submission order); and the
 * named counted resources a task holds while it runs. It does not own task states as the engine
 * records them, placement on agents, or time: it is told what happened and reports what follows.
 *
 * <p>Scheduling policies as pure functions beside the planner: {@link io.taskexec.plan.Heft}
 * (heterogeneous processors), {@link io.taskexec.plan.Backfill} (EASY), {@link
 * io.taskexec.plan.DurationHistory} (estimates from the history of a type), {@link
 * io.taskexec.plan.Ageing} (waiting raises priority) and {@link io.taskexec.plan.WhyPending} (the
 * ordered reasons a task waits).
 *
 * <p>Inside, tasks are dense int indexes into primitive arrays ({@code TaskTable}), edges are int
 * linked lists, queues are indexed binary heaps of ints ({@code IntHeap}), and resolution walks an
 * explicit worklist, so that a million tasks with long chains cost little memory and no stack.
 */
package io.taskexec.plan;
