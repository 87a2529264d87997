package io.taskexec.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.taskexec.store.MetricSummary;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MetricStatsTest {
  @Test
  void min_max_mean_exactly_and_percentiles_within_one_percent() {
    MetricStats s = new MetricStats();
    for (int i = 1; i <= 1000; i++) s.record(i);
    MetricSummary m = s.summary("t", "latency_ms");
    assertThat(m.count()).isEqualTo(1000);
    assertThat(m.min()).isEqualTo(1);
    assertThat(m.max()).isEqualTo(1000);
    assertThat(m.mean()).isEqualTo(500.5);
    assertThat(m.p50()).isCloseTo(500, within(5.0));
    assertThat(m.p95()).isCloseTo(950, within(9.5));
    assertThat(m.p99()).isCloseTo(990, within(9.9));
  }

  @Test
  void no_samples_summarise_as_zeros_and_non_finite_values_are_ignored() {
    MetricStats s = new MetricStats();
    s.record(Double.NaN);
    s.record(Double.POSITIVE_INFINITY);
    assertThat(s.summary("t", "x")).isEqualTo(new MetricSummary("t", "x", 0, 0, 0, 0, 0, 0, 0));
  }

  @Property(tries = 50)
  void percentiles_lie_between_min_and_max(@ForAll @Size(min = 1, max = 200) java.util.List<@DoubleRange(min = 0.01, max = 1e9) Double> xs) {
    MetricStats s = new MetricStats();
    xs.forEach(s::record);
    double lo = xs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double hi = xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    for (double p : new double[] {s.percentile(50), s.percentile(95), s.percentile(99)}) {
      assertThat(p).isBetween(lo * 0.99, hi * 1.01);
    }
  }

  @Test
  void a_sample_buffer_keeps_the_newest_and_counts_what_it_dropped() {
    SampleBuffer b = new SampleBuffer(3);
    for (int i = 0; i < 5; i++) b.add(new SampleBuffer.Sample(Instant.EPOCH, "x", i));
    assertThat(b.snapshot()).extracting(SampleBuffer.Sample::value).containsExactly(2.0, 3.0, 4.0);
    assertThat(b.dropped()).isEqualTo(2);
    assertThat(b.size()).isEqualTo(3);
  }
}
