package io.taskexec.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.task.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A sanity figure, printed rather than asserted: timings on shared CI machines are noisy. */
class TaskValidatorPerformanceTest {
  @Test
  void validating_100k_tasks_with_3_dependencies_each_is_quick() {
    int n = 100_000;
    List<Task> batch = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Task.Builder b = Task.builder("task-" + i, "noop");
      for (int d = 1; d <= 3 && i - d * 7 >= 0; d++) b.after("task-" + (i - d * 7));
      batch.add(b.build());
    }
    TaskValidator validator = Fixtures.validator();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long best = Long.MAX_VALUE;
    long bestCpu = Long.MAX_VALUE;
    for (int run = 0; run < 5; run++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      List<Problem> problems = validator.validate(batch, Set.of(), SourceMap.EMPTY);
      best = Math.min(best, System.nanoTime() - start);
      bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - cpu);
      assertThat(problems).isEmpty();
    }
    System.out.printf("validated %d tasks with ~3 dependencies each in %.1f ms wall, %.1f ms thread CPU (best of 5)%n",
        n, best / 1e6, bestCpu / 1e6);
  }
}
