package io.taskexec.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentUsageTest {
  private static TaskUsage usage(String id, double cpu) {
    return new TaskUsage(id, "t", cpu, 0, 0, 1, 1, 1);
  }

  @Test
  void finds_the_latest_usage_of_a_task_among_the_last_ones() {
    RecentUsage recent = new RecentUsage(3);
    assertThat(recent.find("a")).isNull();
    recent.add(usage("a", 1));
    recent.add(usage("b", 2));
    recent.add(usage("a", 3));
    assertThat(recent.find("a").cpuSeconds()).isEqualTo(3);
    assertThat(recent.find("b").cpuSeconds()).isEqualTo(2);
    assertThat(recent.find("c")).isNull();
  }

  @Test
  void forgets_the_oldest_once_full() {
    RecentUsage recent = new RecentUsage(2);
    recent.add(usage("a", 1));
    recent.add(usage("b", 2));
    recent.add(usage("c", 3));
    assertThat(recent.find("a")).isNull();
    assertThat(recent.find("b").cpuSeconds()).isEqualTo(2);
    assertThat(recent.find("c").cpuSeconds()).isEqualTo(3);
  }
}
