package io.taskexec.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PlacementBenchmark} through JMH from inside {@link BenchMain} and turns the results
 * into figures: the median of each strategy and agent count, against the same strategy among
 * one agent. JMH's own report goes to a log file beside the JSON.
 */
final class JmhPlacement {
  static final double GOAL_MICROS = 10;
  static final int GOAL_AGENTS = 10_000;

  /** One benchmark's result, in microseconds per placement. */
  record Result(String strategy, int agents, double median, double p99, double mean, long samples) {}

  private JmhPlacement() {}

  static List<Result> run(Settings s, Path log) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(Pattern.quote(PlacementBenchmark.class.getName()) + ".*")
        .forks(s.jmhForks())
        .warmupIterations(s.jmhWarmups())
        .warmupTime(TimeValue.seconds(s.jmhSeconds()))
        .measurementIterations(s.jmhIterations())
        .measurementTime(TimeValue.seconds(s.jmhSeconds()))
        .jvmArgsAppend("-Xms1g", "-Xmx1g")
        .shouldFailOnError(true)
        .output(log.toString())
        .build();
    Collection<RunResult> results = new Runner(options).run();
    List<Result> out = new ArrayList<>();
    for (RunResult r : results) {
      var stats = r.getPrimaryResult().getStatistics();
      out.add(new Result(r.getParams().getParam("strategy"), Integer.parseInt(r.getParams().getParam("agents")),
          stats.getPercentile(50), stats.getPercentile(99), stats.getMean(), stats.getN()));
    }
    out.sort(Comparator.comparing(Result::strategy).thenComparingInt(Result::agents));
    return out;
  }

  static void report(List<Result> results, Report out) {
    for (Result r : results) {
      Result one = results.stream().filter(x -> x.strategy().equals(r.strategy()) && x.agents() == 1).findFirst().orElse(null);
      String label = String.format("c. place+release, %s, %,d agent%s (median; p99 %.2f µs)",
          r.strategy().toLowerCase(java.util.Locale.ROOT), r.agents(), r.agents() == 1 ? "" : "s", r.p99());
      Goal goal = r.agents() == GOAL_AGENTS ? Goal.valueAtMost(GOAL_MICROS, "µs") : null;
      boolean self = r.agents() == 1 || one == null;
      out.add(Figure.of("c." + r.strategy().toLowerCase(java.util.Locale.ROOT) + "_" + r.agents() + "_median_us", label,
          r.median(), "µs", self ? null : "same, 1 agent", self ? Double.NaN : one.median(), goal));
    }
  }
}
