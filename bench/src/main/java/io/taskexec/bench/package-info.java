/**
 * Benchmarks of taskexec, each beside a baseline measured in the same JVM run, so that a figure
 * means something on a noisy machine: it is read as a ratio to its baseline, not as an absolute.
 *
 * <ul>
 *   <li>(a) {@link io.taskexec.bench.FlatThroughput}: N no-op tasks through the whole engine
 *       (submit, validate, plan, place, execute, record) against a plain {@code ThreadPoolExecutor}
 *       with as many threads running N no-op {@code Runnable}s.
 *   <li>(b) {@link io.taskexec.bench.DagThroughput}: a random 100,000-task DAG through the engine,
 *       against the same number of independent tasks; and the {@code Planner} alone on that DAG.
 *   <li>(c) {@link io.taskexec.bench.PlacementBenchmark}: JMH, one placement (place + release)
 *       among 1, 100 and 10,000 agents for each strategy, against the 1-agent case.
 * </ul>
 *
 * <p>{@link io.taskexec.bench.BenchMain} runs them all ({@code scripts/bench quick|full}), prints a
 * table of figures beside their goals and writes them as JSON. Speed is measured here, never in
 * timed unit tests; the module's tests only check that every code path runs and every task
 * succeeds.
 */
package io.taskexec.bench;
