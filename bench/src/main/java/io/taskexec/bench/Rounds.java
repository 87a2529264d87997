package io.taskexec.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a subject and its baseline in the same JVM, round after round, alternating which goes
 * first so that neither always gets the warmer (or the more fragmented) heap.
 */
final class Rounds {
  /** The runs of both sides, in the order they were measured. */
  record Pair(List<Run> subject, List<Run> baseline) {
    Run subjectMedian() {
      return median(subject);
    }

    Run baselineMedian() {
      return median(baseline);
    }
  }

  private Rounds() {}

  static Pair alternate(String section, int rounds, Supplier<Run> subject, Supplier<Run> baseline, Consumer<String> log) {
    List<Run> s = new ArrayList<>(rounds);
    List<Run> b = new ArrayList<>(rounds);
    for (int r = 0; r < rounds; r++) {
      Run first;
      Run second;
      if (r % 2 == 0) {
        first = subject.get();
        second = baseline.get();
        s.add(first);
        b.add(second);
      } else {
        first = baseline.get();
        second = subject.get();
        b.add(first);
        s.add(second);
      }
      log.accept(String.format("[%s] round %d/%d:%n    %s%n    %s", section, r + 1, rounds, describe(first), describe(second)));
    }
    return new Pair(s, b);
  }

  /** The run with the median throughput (the lower middle one for an even count). */
  static Run median(List<Run> runs) {
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(Run::perSecond));
    return sorted.get((sorted.size() - 1) / 2);
  }

  static String describe(Run r) {
    String rounds = r.rounds() == 0 ? "" : String.format("; %,d scheduler rounds, %.1f tasks per round", r.rounds(), r.tasks() / (double) r.rounds());
    return String.format("%s %,.0f tasks/s (%,d tasks in %.2f s%s; %s%s)", r.what(), r.perSecond(), r.tasks(), r.nanos() / 1e9,
        r.allSucceeded() ? "" : ", only " + r.succeeded() + " succeeded", r.cpu().perTask(r.tasks()), rounds);
  }
}
