package io.taskexec.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StdoutProtocolTest {
  final List<String> seen = new ArrayList<>();
  final StdoutProtocol p = new StdoutProtocol((f, m) -> seen.add("progress " + f + " " + m), (n, v) -> seen.add(n + "=" + v));

  void feed(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    p.feed(b, 0, b.length);
  }

  @Test
  void progress_as_a_ratio_a_fraction_or_a_percentage_with_an_optional_message() {
    feed("::progress 40/100 loading rows\n::progress 0.5\n::progress 75%  almost \n::progress 7/5\n");
    assertThat(seen).containsExactly("progress 0.4 loading rows", "progress 0.5 null", "progress 0.75 almost", "progress 1.0 null");
  }

  @Test
  void metrics_take_one_or_more_name_value_pairs() {
    feed("::metric rows=1234 bytes=5.5e3 bad-name=1 nan=x\n::metric throughput_per_s=12.5\r\n");
    assertThat(seen).containsExactly("rows=1234.0", "bytes=5500.0", "throughput_per_s=12.5");
  }

  @Test
  void other_lines_and_malformed_protocol_lines_are_ignored() {
    feed("hello ::metric rows=1\n::progress\n::progress x/y\n::progress -1\n::progress 1/0\n::metrics rows=1\n:: metric a=1\n");
    assertThat(seen).isEmpty();
  }

  @Test
  void a_line_split_across_writes_and_a_last_line_without_newline_count() {
    feed("::met");
    feed("ric a=1\nplain text\n::progress 1/");
    feed("2");
    assertThat(seen).containsExactly("a=1.0");
    p.end();
    assertThat(seen).containsExactly("a=1.0", "progress 0.5 null");
  }

  @Test
  void an_overlong_line_is_not_a_protocol_line() {
    feed("::metric a=1" + " ".repeat(5000) + "b=2\n::metric c=3\n");
    assertThat(seen).containsExactly("c=3.0");
  }

  @Property
  void any_chunking_gives_the_same_reports(@ForAll @IntRange(min = 1, max = 40) int chunk) {
    String text = "x\n::progress 3/4 step three\n::metric rows=10 errors=2\nlog line\n::progress 1\n";
    List<String> whole = new ArrayList<>();
    StdoutProtocol a = new StdoutProtocol((f, m) -> whole.add(f + m), (n, v) -> whole.add(n + v));
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    a.feed(b, 0, b.length);
    List<String> parts = new ArrayList<>();
    StdoutProtocol c = new StdoutProtocol((f, m) -> parts.add(f + m), (n, v) -> parts.add(n + v));
    for (int i = 0; i < b.length; i += chunk) c.feed(b, i, Math.min(chunk, b.length - i));
    assertThat(parts).isEqualTo(whole).hasSize(4);
  }
}
